// One zod schema per form of the knowledge base. Field names are the API's,
// so the server's per-field errors land on the right inputs.
import { z } from 'zod';
import { validationMessage } from '@/lib/validation';

const requiredText = z
  .string()
  .trim()
  .min(1, { error: validationMessage('required') });

/** The form and the body of POST /api/v1/knowledge-bases. */
export const knowledgeBaseSchema = z.object({ name: requiredText });
export type KnowledgeBaseValues = z.infer<typeof knowledgeBaseSchema>;

/** The form and the body of POST /api/v1/knowledge-bases/{id}/faqs. */
export const faqSchema = z.object({ question: requiredText, answer: requiredText });
export type FaqValues = z.infer<typeof faqSchema>;

/** The most pages a crawl may read (the server's limit). */
export const maxSitePages = 200;

/** The form and the body of POST /api/v1/knowledge-bases/{id}/sites. */
export const siteSchema = z.object({
  url: requiredText.max(2048, { error: validationMessage('tooLong') }),
  crawl: z.boolean(),
  max_pages: z
    .number({ error: validationMessage('sitePages') })
    .int({ error: validationMessage('sitePages') })
    .min(1, { error: validationMessage('sitePages') })
    .max(maxSitePages, { error: validationMessage('sitePages') }),
});
export type SiteValues = z.infer<typeof siteSchema>;

/** "Testar busca": the query of GET /api/v1/knowledge/search. */
export const searchSchema = z.object({
  q: requiredText.max(1000, { error: validationMessage('tooLong') }),
});
export type SearchValues = z.infer<typeof searchSchema>;

/** A typed address with its scheme: "www.loja.com.br" is read as https://www.loja.com.br. */
export function withScheme(url: string): string {
  const trimmed = url.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}
