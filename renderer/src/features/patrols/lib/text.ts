/** Picks the catalog language of a bilingual config text (checklists). */
export function localText(
  text: { readonly 'zh-CN': string; readonly 'en-US': string },
  language: string,
): string {
  return language.startsWith('en') ? text['en-US'] : text['zh-CN'];
}
