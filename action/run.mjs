// The GitHub Action's step (action.yml): validates playbooks with the `playbook` CLI, prints the
// annotations (and a readable report when asked), writes SARIF when asked, and adds a job
// summary in Markdown (counts by rule, a table of the errors). Plain Node, no dependencies.
//
// On pull requests it also reviews the change (`playbook diff` against the base branch) into
// the job summary and a Markdown file for a comment action.
//
// Inputs come as environment variables set by action.yml: INPUT_PATHS, INPUT_FORMAT,
// INPUT_FAIL_SEVERITY, INPUT_MAX_WARNINGS, INPUT_SARIF, INPUT_REVIEW, INPUT_REVIEW_BASE,
// INPUT_FAIL_ON_NEW; GITHUB_BASE_REF (set by GitHub on pull request events). PLAYBOOK_CLI is the CLI's script
// (dist/cli.js of the installed package). GITHUB_STEP_SUMMARY and GITHUB_OUTPUT are GitHub's.
// The playbooks are checked by one run of the CLI, which writes every report the step needs.
// Exit code: the CLI's (0 pass, 1 findings at or above the fail severity or too many warnings,
// 2 usage or I/O problem).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = process.env;
const cli = env.PLAYBOOK_CLI;
// One path per line when the input has several lines (so a path may hold spaces), else separated by spaces.
const rawPaths = (env.INPUT_PATHS ?? '.').trim() || '.';
const paths = (rawPaths.includes('\n') ? rawPaths.split(/\r?\n/) : rawPaths.split(/\s+/)).map((p) => p.trim()).filter(Boolean);
const format = (env.INPUT_FORMAT || 'github').trim();
const failSeverity = (env.INPUT_FAIL_SEVERITY || 'error').trim();
const maxWarnings = (env.INPUT_MAX_WARNINGS ?? '').trim();
const sarif = (env.INPUT_SARIF ?? '').trim();
// The pull request review (playbook diff): "auto" on pull_request events, "true", "false".
const review = (env.INPUT_REVIEW || 'auto').trim();
const reviewBase = (env.INPUT_REVIEW_BASE ?? '').trim() || (env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : '');
const failOnNew = (env.INPUT_FAIL_ON_NEW ?? '').trim();

function fail(message) {
  console.log(`::error title=playbook::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `## Playbook validation\n\n:x: ${escapeCell(message)}\n`);
  process.exit(2);
}

if (!cli) fail('PLAYBOOK_CLI is not set: the action installs the CLI before this step');
if (!['github', 'stylish'].includes(format)) fail(`format must be github or stylish, not "${format}"`);
if (!['error', 'warning', 'info'].includes(failSeverity)) fail(`fail-severity must be error, warning or info, not "${failSeverity}"`);
if (maxWarnings && !/^-?\d+$/.test(maxWarnings)) fail(`max-warnings must be a whole number, not "${maxWarnings}"`);
if (!['auto', 'true', 'false'].includes(review)) fail(`review must be auto, true or false, not "${review}"`);
if (failOnNew && !['error', 'warning', 'info'].includes(failOnNew)) fail(`fail-on-new must be error, warning or info (or empty), not "${failOnNew}"`);

const gate = ['--fail-severity', failSeverity, ...(maxWarnings && Number(maxWarnings) >= 0 ? ['--max-warnings', maxWarnings] : [])];

/** Runs the CLI; its standard output is returned (or printed), its standard error always printed. */
function playbook(args, { print = false } = {}) {
  const r = spawnSync(process.execPath, [cli, 'validate', ...paths, ...args, '--no-color'], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (r.error) fail(`could not run the playbook CLI: ${r.error.message}`);
  if (r.stderr) process.stderr.write(r.stderr);
  if (print && r.stdout) process.stdout.write(r.stdout);
  return { status: r.status ?? 2, stdout: r.stdout };
}

// One run of the CLI writes every report (--report): the playbooks are checked once, however many
// formats the step needs. The log: the readable report first when asked, then the annotations
// (GitHub turns these lines into annotations).
const scratch = mkdtempSync(join(tmpdir(), 'playbook-action-'));
const jsonFile = join(scratch, 'report.json');
const annotationsFile = join(scratch, 'annotations.txt');
const reports = ['--report', `json=${jsonFile}`, ...(sarif ? ['--report', `sarif=${sarif}`] : []), ...(format === 'stylish' ? ['--report', `github=${annotationsFile}`] : [])];
const annotated = playbook(['--format', format === 'stylish' ? 'stylish' : 'github', ...gate, ...reports], { print: true });
if (annotated.status === 2) fail('the playbook CLI stopped (see the log above)');
if (format === 'stylish') process.stdout.write(readFileSync(annotationsFile, 'utf8'));

let report;
try {
  report = JSON.parse(readFileSync(jsonFile, 'utf8'));
} catch {
  fail('the playbook CLI did not write its JSON report');
}
rmSync(scratch, { recursive: true, force: true });

if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary(report, annotated.status));
const reviewed = review === 'true' || (review === 'auto' && Boolean(env.GITHUB_BASE_REF)) ? reviewChange() : { status: 0 };
if (env.GITHUB_OUTPUT) {
  const { files, errors, warnings, infos } = report.summary;
  appendFileSync(env.GITHUB_OUTPUT, `files=${files}\nerrors=${errors}\nwarnings=${warnings}\ninfos=${infos}\n${sarif ? `sarif=${sarif}\n` : ''}${reviewed.file ? `review=${reviewed.file}\n` : ''}`);
}
process.exit(Math.max(annotated.status, reviewed.status));

/**
 * The review of the pull request's change (`playbook diff <base> --format markdown`): into the
 * job summary, and into a file (output `review`) for a comment action. New findings at
 * `fail-on-new` fail the step. When the base cannot be compared (a shallow checkout), a warning
 * says how to fix the checkout; the step fails for it only when `fail-on-new` asked for the check.
 */
function reviewChange() {
  if (!reviewBase) {
    console.log('::warning title=playbook review::no base to compare with: set review-base, or run on pull_request events');
    return { status: failOnNew ? 2 : 0 };
  }
  const args = ['diff', reviewBase, '--format', 'markdown', '--no-color', ...(failOnNew ? ['--fail-on-new', failOnNew] : []), '--', ...paths];
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (r.error || r.status === 2) {
    const why = (r.error?.message ?? r.stderr).trim().split('\n').pop() || 'the playbook CLI stopped';
    console.log(`::warning title=playbook review::${why.replace(/%/g, '%25')}`);
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `## Playbook review\n\n:warning: The change could not be compared with \`${reviewBase}\`: ${escapeCell(why)}. Check out with \`fetch-depth: 0\` (actions/checkout) so that the base branch and its history are there.\n\n`);
    return { status: failOnNew ? 2 : 0 };
  }
  const file = `${env.RUNNER_TEMP || '.'}/playbook-review.md`;
  try {
    writeFileSync(file, r.stdout);
  } catch (err) {
    fail(`could not write ${file}: ${err.message}`);
  }
  process.stdout.write(`Playbook review against ${reviewBase}: ${r.stdout.split('\n')[0].replace(/^#+ /, '')}\n`);
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${r.stdout}\n`);
  return { status: r.status ?? 2, file };
}

/** Markdown text for a table cell: one line, pipes and HTML escaped. */
function escapeCell(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A file name as code in a table cell: GitHub shows entities literally inside code, so only the pipe and backticks are dealt with. */
function codeCell(s) {
  return `\`${String(s).replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The job summary: a headline, findings by rule, and the errors (the first 100) with file and line. */
function summary(r, status) {
  const { files, errors, warnings, infos } = r.summary;
  const withFindings = r.files.filter((f) => f.findings.length).length;
  const out = ['## Playbook validation', ''];
  if (!errors && !warnings && !infos) out.push(`:white_check_mark: ${plural(files, 'playbook')} checked, no problems.`);
  else {
    const icon = status === 0 ? ':white_check_mark:' : ':x:';
    out.push(`${icon} ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')} in ${withFindings} of ${plural(files, 'playbook')}${status === 0 ? ' (below the fail severity)' : ''}.`);
  }
  const byRule = new Map();
  for (const f of r.files) {
    for (const x of f.findings) {
      const row = byRule.get(x.ruleId) ?? { error: 0, warning: 0, info: 0, docsUrl: x.docsUrl };
      row[x.severity]++;
      byRule.set(x.ruleId, row);
    }
  }
  if (byRule.size) {
    out.push('', '### Findings by rule', '', '| rule | errors | warnings | infos |', '|---|--:|--:|--:|');
    const rows = [...byRule].sort((a, b) => b[1].error - a[1].error || b[1].warning - a[1].warning || b[1].info - a[1].info || (a[0] < b[0] ? -1 : 1));
    for (const [rule, c] of rows) out.push(`| ${c.docsUrl ? `[${escapeCell(rule)}](${c.docsUrl})` : escapeCell(rule)} | ${c.error} | ${c.warning} | ${c.info} |`);
  }
  const errorRows = r.files.flatMap((f) => f.findings.filter((x) => x.severity === 'error').map((x) => ({ file: f.filePath, ...x })));
  if (errorRows.length) {
    const LIMIT = 100;
    out.push('', '### Errors', '', '| file | line | rule | message |', '|---|--:|---|---|');
    for (const e of errorRows.slice(0, LIMIT)) out.push(`| ${codeCell(e.file)} | ${e.line} | ${escapeCell(e.ruleId)} | ${escapeCell(e.message)} |`);
    if (errorRows.length > LIMIT) out.push('', `…and ${errorRows.length - LIMIT} more errors (every one is annotated, and in the log).`);
  }
  out.push('', '');
  return out.join('\n');
}
