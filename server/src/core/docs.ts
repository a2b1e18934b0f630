/** Where the rule documentation pages are published (`docs/rules/<rule-id>.md` in the repository). */
export const DOCS_BASE_URL = 'https://github.com/engagement-playbooks/engagement-playbooks/blob/main/docs/rules/';

/** The documentation URL of a rule id. */
export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
