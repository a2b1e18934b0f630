/** The text of a new playbook for a framework: its stages, one example touchpoint each, an owner, a segment and a KPI. */
import { FRAMEWORKS, getFramework, humanizeId } from './frameworks';

/** A complete, clean playbook to start from (analyses with no findings). */
export function scaffoldPlaybook(frameworkId: string, playbookId = 'new-playbook'): string {
  const fw = getFramework(frameworkId) ?? FRAMEWORKS[0];
  const stages = fw.stages.length ? fw.stages : ['discover', 'adopt', 'grow'];
  const lines: string[] = [
    `# ${fw.name} engagement playbook. Run "Playbook: Open Preview to the Side" to see the journey map.`,
    `playbook: ${playbookId}`,
    `title: ${humanizeId(playbookId)}`,
    'version: 1',
    `framework: ${fw.id}`,
    'engagement: hybrid',
  ];
  if (!fw.stages.length) {
    lines.push('', 'stages:');
    for (const s of stages) lines.push(`  - id: ${s}`, `    name: ${humanizeId(s)}`, `    goal: TODO what the customer achieves in this stage`);
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
  return lines.join('\n');
}
