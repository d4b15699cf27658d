// The auth pages, loaded on demand (they bring the form libraries along).
export { ForgotPasswordPage } from './forgot-password';
export { InvitePage } from './invite';
export { ResetPasswordPage } from './reset-password';
export { SignInPage } from './sign-in';
export { SignUpPage } from './sign-up';
export { VerifyEmailPage } from './verify-email';
