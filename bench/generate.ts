/**
 * Deterministic playbook generator for the benchmark: valid playbooks of a given
 * number of touchpoints (segments, owners, triggers and KPIs in proportion), and a
 * workspace of ordinary playbooks. Same arguments, same bytes.
 */
import * as fs from 'fs';
import * as path from 'path';

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHANNELS = ['email', 'in-app', 'chat', 'phone', 'video-call', 'meeting', 'webinar', 'survey', 'qbr', 'push', 'sms', 'community'];
const STAGES = ['land', 'adopt', 'expand', 'renew'];
const METRICS: [string, string][] = [
  ['nps', 'increase'],
  ['csat', 'increase'],
  ['churn-rate', 'decrease'],
  ['activation-rate', 'increase'],
  ['expansion-revenue', 'increase'],
  ['time-to-value', 'decrease'],
];

/** The text of a valid LAER playbook with `touchpoints` touchpoints. */
export function generatePlaybook(touchpoints: number, seed = 1, id = `bench-${touchpoints}`): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const segments = Math.max(3, Math.round(touchpoints / 40));
  const owners = Math.max(3, Math.round(touchpoints / 60));
  const triggers = Math.max(4, Math.round(touchpoints / 25));
  const kpis = Math.max(3, Math.round(touchpoints / 100));
  const out: string[] = [
    `# Generated benchmark playbook: ${touchpoints} touchpoints (seed ${seed}).`,
    `playbook: ${id}`,
    `title: Benchmark programme with ${touchpoints} touchpoints`,
    'version: 1',
    'framework: laer',
    'engagement: hybrid',
    '',
    'owners:',
  ];
  for (let i = 0; i < owners; i++) {
    const type = i % 3 === 0 ? 'automation' : i % 3 === 1 ? 'team' : 'human';
    out.push(`  - id: owner-${i}`, `    name: Owner ${i}`, `    type: ${type}`);
    if (type !== 'automation') out.push(`    capacity: 100000`, `    headcount: ${1 + (i % 4)}`);
  }
  out.push('', 'segments:');
  for (let i = 0; i < segments; i++) {
    out.push(`  - id: segment-${i}`, `    name: Segment ${i}`, `    criteria: "arr >= ${(i + 1) * 1000}"`, `    engagement: ${i % 2 ? 'hybrid' : 'low-touch'}`, `    owner: owner-${1 + 3 * (i % Math.max(1, Math.floor(owners / 3)))}`, `    size: ${10 + (i % 50)}`);
  }
  out.push('', 'triggers:');
  for (let i = 0; i < triggers; i++) {
    const kind = i % 4;
    out.push(`  - id: trigger-${i}`, `    name: Trigger ${i}`);
    if (kind === 0) out.push('    type: event', `    event: product.event_${i}`);
    else if (kind === 1) out.push('    type: schedule', `    every: ${1 + (i % 4)}w`);
    else if (kind === 2) out.push('    type: inactivity', `    after: ${7 + (i % 21)}d`);
    else out.push('    type: score', '    metric: health', `    below: ${40 + (i % 30)}`);
  }
  out.push('', 'touchpoints:');
  for (let i = 0; i < touchpoints; i++) {
    const stage = STAGES[i % STAGES.length];
    const seg = [`segment-${i % segments}`, `segment-${(i + 1) % segments}`];
    const owner = `owner-${i % owners}`;
    out.push(
      `  - id: touchpoint-${i}`,
      `    name: Touchpoint ${i} (${stage})`,
      `    stage: ${stage}`,
      `    segments: [${seg.join(', ')}]`,
      `    channel: ${pick(CHANNELS)}`,
      `    owner: ${owner}`,
      `    trigger: trigger-${i % triggers}`,
      `    within: ${1 + (i % 14)}d`,
      `    kpis: [kpi-${i % kpis}]`,
      `    emotion: ${(i % 5) - 2}`,
    );
  }
  out.push('', 'kpis:');
  for (let i = 0; i < kpis; i++) {
    const [metric, direction] = METRICS[i % METRICS.length];
    const base = 20 + (i % 30);
    out.push(`  - id: kpi-${i}`, `    name: KPI ${i}`, `    metric: ${metric}`, `    direction: ${direction}`, `    baseline: ${base}`, `    target: ${direction === 'increase' ? base + 10 : base - 10}`);
  }
  out.push('');
  return out.join('\n');
}

/**
 * The same playbook with findings a user would have mid-work: every 100th touchpoint names an
 * owner that does not exist, every 250th a stage that does not exist (schema-valid, so both
 * servers parse it; ours reports the references).
 */
export function withFindings(text: string): string {
  let i = -1;
  return text.replace(/^ {2}- id: touchpoint-(\d+)\n((?: {4}.*\n)+)/gm, (_whole: string, n: string, body: string) => {
    i = Number(n);
    let b = body;
    if (i % 100 === 0) b = b.replace(/^ {4}owner: .*$/m, `    owner: former-owner-${i}`);
    if (i % 250 === 0) b = b.replace(/^ {4}stage: .*$/m, '    stage: onboard');
    return `  - id: touchpoint-${n}\n${b}`;
  });
}

/** Writes the benchmark files under `dir`: the three sizes and a 1,000-file workspace. */
export function generateAll(dir: string, sizes = [200, 2000, 10000], workspaceFiles = 1000): void {
  fs.mkdirSync(dir, { recursive: true });
  // Each large playbook in a folder of its own, as a project would keep it.
  for (const n of sizes) {
    fs.mkdirSync(path.join(dir, `lsp-${n}`), { recursive: true });
    fs.writeFileSync(path.join(dir, `lsp-${n}`, `bench-${n}.playbook.yaml`), generatePlaybook(n));
    fs.mkdirSync(path.join(dir, `lsp-${n}-findings`), { recursive: true });
    fs.writeFileSync(path.join(dir, `lsp-${n}-findings`, `bench-${n}.playbook.yaml`), withFindings(generatePlaybook(n)));
  }
  const ws = path.join(dir, 'workspace');
  fs.rmSync(ws, { recursive: true, force: true });
  for (let i = 0; i < workspaceFiles; i++) {
    const sub = path.join(ws, `team-${Math.floor(i / 100)}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `programme-${i}.playbook.yaml`), generatePlaybook(8 + (i % 24), i + 7, `programme-${i}`));
  }
}

if (require.main === module) {
  const dir = process.argv[2] ?? path.join(__dirname, '..', '..', 'bench', 'generated');
  generateAll(dir);
  console.log(`generated benchmark playbooks in ${dir}`);
}
