import { z } from 'zod';

const picks = {
  scope: z.union([z.string(), z.array(z.string()).max(50)]).optional(),
  repository: z.union([z.string(), z.array(z.string()).max(500)]).optional(),
};

export const PageQuery = z.object({
  customer_ref: z.string().min(1).max(200).optional(),
  customer_name: z.string().min(1).max(200).optional(),
  // The page's form sent back by its paging, search or select-all buttons (GET): what is ticked
  // so far is shown again, nothing is saved.
  form: z.string().min(1).max(4096).optional().describe("The page's form token."),
  ...picks,
  page: z.string().max(2048).optional().describe('`connectionId:cursor` of the page to show.'),
  q: z.string().max(200).optional().describe("Search the account's repositories."),
  select: z.literal('all').optional().describe('Tick every repository shown.'),
  clear: z.string().max(1).optional().describe('Drop the search.'),
});

export const FormSchema = z.object({
  form: z.string().min(1).max(4096),
  ...picks,
  /** The revoke confirmation's token: only the confirmation page issues it. */
  confirm: z.string().max(4096).optional(),
});

export const ConnectionIdParams = z.object({ connectionId: z.string() });
