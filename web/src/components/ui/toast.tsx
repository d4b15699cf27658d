import { XIcon } from 'lucide-react';
import { Toast as ToastPrimitive } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';

export interface ToastMessage {
  title: string;
  description?: string;
}

interface ToastState {
  toasts: (ToastMessage & { id: number })[];
  add: (message: ToastMessage) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

const useToastStore = create<ToastState>()((set) => ({
  toasts: [],
  add: (message) => set((state) => ({ toasts: [...state.toasts, { ...message, id: nextId++ }] })),
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
}));

/** Shows a short notice in the corner of the screen; it closes by itself. */
export function toast(message: ToastMessage): void {
  useToastStore.getState().add(message);
}

/** Closes every notice at once (e.g. between tests). */
export function clearToasts(): void {
  useToastStore.setState({ toasts: [] });
}

/** Renders the notices; mounted once, in the app's providers. */
export function Toaster() {
  const { t } = useTranslation();
  const toasts = useToastStore((state) => state.toasts);
  const dismiss = useToastStore((state) => state.dismiss);
  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={6000} label={t('toast.label')}>
      {toasts.map((item) => (
        <ToastPrimitive.Root
          key={item.id}
          className="relative grid gap-1 rounded-lg border bg-background p-4 pr-10 text-foreground shadow-lg data-[state=open]:animate-[toast-in_200ms_ease-out] data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x)"
          onOpenChange={(open) => {
            if (!open) dismiss(item.id);
          }}
        >
          <ToastPrimitive.Title className="text-sm font-semibold">{item.title}</ToastPrimitive.Title>
          {item.description && (
            <ToastPrimitive.Description className="text-sm text-muted-foreground">{item.description}</ToastPrimitive.Description>
          )}
          <ToastPrimitive.Close
            className="absolute top-3 right-3 rounded-sm p-1 text-muted-foreground outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
            aria-label={t('toast.close')}
          >
            <XIcon className="size-4" aria-hidden="true" />
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport
        label={t('toast.region', { hotkey: 'F8' })}
        className="fixed right-0 bottom-0 z-[100] m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none"
      />
    </ToastPrimitive.Provider>
  );
}
