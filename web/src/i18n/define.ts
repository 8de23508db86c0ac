/** The application's languages: Finnish (default), Swedish and English. */
export const languages = ['fi', 'sv', 'en'] as const;
export type Language = (typeof languages)[number];

/**
 * One feature's strings in all three languages. Swedish and English must have exactly the shape of
 * the Finnish text, so a missing translation is a type error, not a blank on the page.
 */
export function defineMessages<T>(messages: { fi: T; sv: NoInfer<T>; en: NoInfer<T> }) {
  return messages;
}
