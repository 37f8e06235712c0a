import { z } from 'zod';

/** The language people read the platform's words in: Dutch by default, English on request (tenant `language`). */
export const language = z.enum(['nl', 'en']);
export type Language = z.infer<typeof language>;
