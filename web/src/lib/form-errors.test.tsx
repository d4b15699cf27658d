import { act, renderHook } from '@testing-library/react';
import { useForm } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { setServerFieldErrors } from './form-errors';

interface Values {
  name: string;
  email: string;
}

function useTestForm() {
  const form = useForm<Values>({ defaultValues: { name: '', email: '' } });
  // Reading formState.errors during render subscribes to it, as a form component does.
  const { errors } = form.formState;
  return { setError: form.setError, errors };
}

describe('setServerFieldErrors', () => {
  it("puts the ApiError's fields on the form", () => {
    const { result } = renderHook(useTestForm);
    const error = new ApiError({
      status: 400,
      code: 'invalid',
      message: 'Confira os campos.',
      fields: { name: 'Informe um nome.', email: 'Este e-mail já está em uso.' },
    });
    let applied = false;
    act(() => {
      applied = setServerFieldErrors(error, result.current.setError);
    });
    expect(applied).toBe(true);
    expect(result.current.errors.name).toMatchObject({ type: 'server', message: 'Informe um nome.' });
    expect(result.current.errors.email).toMatchObject({ type: 'server', message: 'Este e-mail já está em uso.' });
  });

  it('sets nothing for an error without fields', () => {
    const { result } = renderHook(useTestForm);
    const withoutFields = new ApiError({ status: 409, code: 'conflict', message: 'Conflito.' });
    act(() => {
      expect(setServerFieldErrors(withoutFields, result.current.setError)).toBe(false);
      expect(setServerFieldErrors(new Error('boom'), result.current.setError)).toBe(false);
    });
    expect(result.current.errors).toEqual({});
  });
});
