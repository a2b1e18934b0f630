/** The text of a new playbook for a framework: its stages, one example touchpoint each, an owner, a segment and a KPI. */
import { FRAMEWORKS, getFramework, humanizeId } from './frameworks';

/**
 * A playbook id (FORMAT.md: lowercase words joined by `-`, starting with a letter) made from
 * what a user typed as a name: `Acme Onboarding` -> `acme-onboarding`. Empty when nothing usable is left.
 */
export function playbookIdFrom(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[-0-9]+|-+$/g, '');
  return slug;
}

/** The framework's short display name: `AARRR (pirate metrics)` -> `AARRR`. */
function shortName(name: string): string {
  return name.replace(/\s*\(.*\)$/, '');
}

/**
 * A title for a new playbook: its id in words, with the framework's id written as its display
 * name (`race-engagement` -> `RACE engagement`).
 */
export function scaffoldTitle(frameworkId: string, playbookId: string): string {
  const fw = getFramework(frameworkId) ?? FRAMEWORKS[0];
  const short = shortName(fw.name);
  let rest = playbookId;
  let head = '';
  if (rest === fw.id || rest.startsWith(`${fw.id}-`)) {
    head = short;
    rest = rest.slice(fw.id.length + 1);
  }
  const words = rest.split('-').filter(Boolean).join(' ');
  const title = [head, words].filter(Boolean).join(' ');
  return title ? title.charAt(0).toUpperCase() + title.slice(1) : `${short} engagement playbook`;
}

/** A complete, clean playbook to start from (analyses with no findings). */
export function scaffoldPlaybook(frameworkId: string, name = `${frameworkId}-engagement`): string {
  return scaffold(frameworkId, name).text;
}

/** A new playbook's text and the id it was given (`name` made into an id, or `<framework>-engagement`). */
export function scaffold(frameworkId: string, name: string): { text: string; playbookId: string } {
  const fw = getFramework(frameworkId) ?? FRAMEWORKS[0];
  const fromName = playbookIdFrom(name);
  const id = fromName || `${fw.id}-engagement`;
  const stages = fw.stages.length ? fw.stages : ['discover', 'adopt', 'grow'];
  // A name in a script ids cannot hold (`Запуск клиентов`, `顧客導入`) still titles the playbook as written.
  const written = name.trim().replace(/\s+/g, ' ');
  const title = !fromName && /\p{L}/u.test(written) ? written : scaffoldTitle(fw.id, id);
  const lines: string[] = [
    `# ${shortName(fw.name)} engagement playbook. Run "Playbook: Open Preview to the Side" to see the journey map.`,
    `playbook: ${id}`,
    `title: ${/^[\w(][\w ()&,.-]*$/.test(title) ? title : JSON.stringify(title)}`,
    'version: 1',
    `framework: ${fw.id}`,
    'engagement: hybrid',
  ];
  if (!fw.stages.length) {
    lines.push('', 'stages:');
    for (const s of stages) lines.push(`  - id: ${s}`, `    name: ${humanizeId(s)}`);
  }
  lines.push(
    '',
    'owners:',
    '  - id: customer-success',
    '    name: Customer success team',
    '    type: team',
    '    capacity: 50',
    '    headcount: 2',
    '',
    'segments:',
    '  - id: all-customers',
    '    name: All customers',
    '    owner: customer-success',
    '    size: 80',
    '',
    'touchpoints:',
  );
  stages.forEach((s, i) => {
    lines.push(`  - id: ${s}-touchpoint`, `    name: ${humanizeId(s)} check-in`, `    stage: ${s}`, `    channel: ${i === 0 ? 'email' : 'video-call'}`, '    owner: customer-success');
    if (i === stages.length - 1) lines.push('    kpis: [customer-satisfaction]');
  });
  lines.push(
    '',
    'kpis:',
    '  - id: customer-satisfaction',
    '    name: Customer satisfaction',
    '    metric: csat',
    '    unit: "%"',
    '    direction: increase',
    '    baseline: 80',
    '    target: 88',
    '',
  );
  return { text: lines.join('\n'), playbookId: id };
}
