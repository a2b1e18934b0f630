/** The built-in lifecycle frameworks of FORMAT.md, with their stage ids in order. */
export interface FrameworkInfo {
  id: string;
  name: string;
  summary: string;
  stages: string[];
}

export const FRAMEWORKS: readonly FrameworkInfo[] = [
  { id: 'aida', name: 'AIDA', summary: 'Classic marketing funnel: attention to purchase.', stages: ['awareness', 'interest', 'desire', 'action'] },
  { id: 'aidae', name: 'AIDAE', summary: 'AIDA with a post-purchase engagement stage.', stages: ['attention', 'interest', 'desire', 'action', 'engagement'] },
  { id: 'race', name: 'RACE', summary: 'Smart Insights digital marketing cycle.', stages: ['reach', 'act', 'convert', 'engage'] },
  { id: 'aarrr', name: 'AARRR (pirate metrics)', summary: 'Product-led growth funnel.', stages: ['acquisition', 'activation', 'retention', 'referral', 'revenue'] },
  { id: 'laer', name: 'LAER', summary: 'Land, adopt, expand, renew: the recurring-revenue customer lifecycle.', stages: ['land', 'adopt', 'expand', 'renew'] },
  {
    id: 'mckinsey-cdj',
    name: 'McKinsey consumer decision journey',
    summary: 'Consideration, evaluation, purchase and the post-purchase loyalty loop.',
    stages: ['initial-consideration', 'active-evaluation', 'purchase', 'post-purchase'],
  },
  { id: 'four-stage', name: 'Four-stage engagement cycle', summary: 'From unaware prospects to onboarded customers.', stages: ['unaware', 'aware', 'discovery-onboarding', 'post-onboarding'] },
  {
    id: 'seven-stage',
    name: 'Seven-stage customer lifecycle',
    summary: 'The full cycle from unaware to advocacy.',
    stages: ['unaware', 'discovery', 'consideration', 'acquisition', 'onboarding', 'retention', 'advocacy'],
  },
  { id: 'custom', name: 'Custom', summary: 'Your own stages, listed under `stages`.', stages: [] },
];

const BY_ID = new Map(FRAMEWORKS.map((f) => [f.id, f]));

/** The framework with this id, if it is built in. */
export function getFramework(id: unknown): FrameworkInfo | undefined {
  return typeof id === 'string' ? BY_ID.get(id) : undefined;
}

/** `initial-consideration` -> `Initial consideration`. */
export function humanizeId(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
