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
