/** Every path of the app, in pt-BR as the product's URLs are. */
export const paths = {
  home: '/',
  dashboard: '/painel',
  conversations: '/conversas',
  leads: '/leads',
  agents: '/agentes',
  knowledge: '/conhecimento',
  channels: '/canais',
  integrations: '/integracoes',
  settings: '/configuracoes',
  signIn: '/entrar',
  signUp: '/cadastro',
  forgotPassword: '/esqueci-senha',
  resetPassword: '/redefinir-senha',
  verifyEmail: '/verificar-email',
  invite: '/convite',
} as const;
