/**
 * The Mermaid `journey` export (`render/mermaid.ts`), read back by the real `mermaid`
 * package: every export must parse, and the names Mermaid would draw — read from its
 * journey database, with its entity handling undone as the browser would — must be the
 * playbook's names (whitespace-normalised).
 *
 * Mermaid is ESM-only and this file compiles to CommonJS, so it is loaded with a native
 * `import()`. Its DOMPurify (used on the diagram title) needs a `window` when it loads:
 * a jsdom window is set for the import only.
 */
import * as assert from 'assert';
import { pathToFileURL } from 'url';
import fc from 'fast-check';
import { JourneyModel, JourneyTouchpoint } from '../../server/src/core/journey';
import { renderMermaidExport } from '../../server/src/core/render/mermaid';
import { dedent, journeyOf, samples, testRuns } from './helpers';

// ---------------------------------------------------------------------------
// Mermaid, loaded for real
// ---------------------------------------------------------------------------

/** The parts of mermaid's journey database we read (mermaid/src/diagrams/user-journey/journeyDb.js). */
interface JourneyDb {
  getDiagramTitle(): string;
  getSections(): string[];
  /** Appends the parsed tasks to its list on every call: call once per parse. */
  getTasks(): { section: string; task: string; score: number; people: string[] }[];
  getActors(): string[];
}

interface Mermaid {
  parse(text: string): Promise<{ diagramType: string } | false>;
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ type: string; db: unknown }> };
}

/** A native `import()`: TypeScript compiles `import()` to `require()`, which cannot load ESM. */
const nativeImport = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;

async function loadMermaid(): Promise<Mermaid> {
  const jsdom = await nativeImport(pathToFileURL(require.resolve('jsdom')).href);
  const { JSDOM } = jsdom as { JSDOM: new (html: string) => { window: unknown } };
  const g = globalThis as { window?: unknown };
  const had = 'window' in g;
  const saved = g.window;
  g.window = new JSDOM('').window;
  try {
    return (await nativeImport(pathToFileURL(require.resolve('mermaid')).href)).default as Mermaid;
  } finally {
    // DOMPurify keeps the window it found; other test files must not see a global one.
    if (had) g.window = saved;
    else delete g.window;
  }
}

/** A journey as Mermaid draws it: texts as shown in the SVG. */
interface Drawn {
  title: string;
  sections: string[];
  tasks: { section: string; task: string; score: number; actors: string[] }[];
  actors: string[];
}

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * The text a browser shows for a database text Mermaid puts in an SVG text node: the node is
 * serialised (`&` `<` `>` escaped), Mermaid's placeholders become character references
 * (`decodeEntities`: `ﬂ°°` → `&#`, `ﬂ°` → `&`, `¶ß` → `;`), and the markup is parsed. Task and
 * section texts are drawn one line per `<br>` (svgDraw's `byTspan`).
 */
function shown(dbText: string, splitsLines = false): string {
  const lines = splitsLines ? dbText.split(/<br\s*\/?>/gi) : [dbText];
  return normalise(
    lines
      .map((l) =>
        l
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/ﬂ°°/g, '&#')
          .replace(/ﬂ°/g, '&')
          .replace(/¶ß/g, ';')
          .replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (ref, dec: string, hex: string, name: string) =>
            dec || hex ? String.fromCodePoint(parseInt(dec ?? hex, dec ? 10 : 16)) : (NAMED[name] ?? ref),
          ),
      )
      .join(' '),
  );
}

let mermaid: Mermaid;

/** Parses with mermaid (fails the test with the text when it cannot) and reads back what it would draw. */
async function drawnBy(text: string): Promise<Drawn> {
  let parsed: { diagramType: string } | false;
  let db: JourneyDb;
  try {
    parsed = await mermaid.parse(text);
    db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db as JourneyDb;
  } catch (e) {
    assert.fail(`mermaid cannot parse the export: ${e instanceof Error ? e.message : String(e)}\n${text}`);
  }
  assert.strictEqual(parsed && parsed.diagramType, 'journey');
  return {
    // The database holds the title as DOMPurify left it; it is drawn whole.
    title: shown(db.getDiagramTitle()),
    sections: db.getSections().map((s) => shown(s, true)),
    tasks: db.getTasks().map((t) => ({ section: shown(t.section, true), task: shown(t.task, true), score: t.score, actors: t.people.map((p) => shown(p)) })),
    // Mermaid sorts its actors by their (encoded) text; the order is not a name's property.
    actors: db.getActors().map((a) => shown(a)).sort(),
  };
}

// ---------------------------------------------------------------------------
// Playbooks
// ---------------------------------------------------------------------------

/** A YAML double-quoted scalar holding exactly `s` (everything but printable ASCII escaped). */
function yamlString(s: string): string {
  const chars = Array.from(s).map((c) => {
    const n = c.codePointAt(0)!;
    if (c === '"' || c === '\\') return `\\${c}`;
    if (n >= 0x20 && n < 0x7f) return c;
    return n > 0xffff ? `\\U${n.toString(16).padStart(8, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
  return `"${chars.join('')}"`;
}

/** One stage, owner, segment and touchpoint, every name (and the title) being `name`. */
function playbookNamed(name: string): string {
  const q = yamlString(name);
  return dedent(`
    playbook: names
    title: ${q}
    framework: custom
    stages:
      - id: only
        name: ${q}
    owners:
      - id: own
        name: ${q}
        type: human
    segments:
      - id: seg
        name: ${q}
    touchpoints:
      - id: tp
        name: ${q}
        stage: only
        segments: [seg]
        channel: email
        owner: own
  `);
}

/** The drawing the export must give, from the journey model (names whitespace-normalised). */
function expectedDrawing(j: JourneyModel): Drawn {
  const firstIds = new Set<string>();
  const listed = j.touchpoints.filter((t) => t.id === undefined || (!firstIds.has(t.id) && !!firstIds.add(t.id)));
  const actorsOf = (t: JourneyTouchpoint) => [...new Set(t.segments.map((k) => normalise(j.segments.find((s) => s.key === k)!.name)))];
  const tasks = j.stages.flatMap((st) =>
    listed
      .filter((t) => t.stage === st.id)
      .map((t) => {
        const owner = t.ownerName ?? t.owner;
        return {
          section: normalise(st.name),
          task: owner === undefined ? normalise(t.name) : `${normalise(t.name)} (${normalise(owner)})`,
          score: t.emotion === undefined ? 3 : Math.min(5, Math.max(1, Math.round(t.emotion + 3))),
          actors: actorsOf(t),
        };
      }),
  );
  return {
    title: normalise(j.playbook.title ?? j.playbook.id ?? 'Journey map'),
    sections: j.stages.map((st) => normalise(st.name)),
    tasks,
    actors: [...new Set(tasks.flatMap((t) => t.actors))].sort(),
  };
}

/** Exports, parses with mermaid, and compares what it would draw with the playbook's names. */
async function assertRoundTrip(j: JourneyModel): Promise<Drawn> {
  const out = renderMermaidExport(j);
  const drawn = await drawnBy(out);
  assert.deepStrictEqual(drawn, expectedDrawing(j), out);
  return drawn;
}

const BASE = `
  playbook: base
  title: Base
  framework: custom
  stages:
    - id: first
      name: First
    - id: second
      name: Second
    - id: third
      name: Third
  owners:
    - id: csm
      name: CSM team
      type: team
  segments:
    - id: enterprise
      name: Enterprise
    - id: smb
      name: SMB
    - id: self-serve
      name: Self-serve
`;

function playbookWith(touchpoints: string, base = BASE): JourneyModel {
  return journeyOf(dedent(base) + dedent(touchpoints));
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

suite('Mermaid export, parsed by mermaid', () => {
  suiteSetup(async function () {
    this.timeout(30_000);
    mermaid = await loadMermaid();
  });

  for (const s of samples()) {
    test(`${s.name}: parses; sections, tasks, actors and title read back as the playbook's names`, async () => {
      const j = journeyOf(s.text);
      const drawn = await assertRoundTrip(j);
      assert.ok(drawn.tasks.length > 0, 'the sample has tasks');
    });
  }

  const NAMES = [
    'Call: 5: everybody',
    '1:1 coaching',
    'A, B, C',
    'a#b # comment',
    'x; y;',
    '10% code',
    '%% not a comment',
    'x%% not a comment either',
    '%%{init: {"theme":"dark"}}%%',
    'x %%{init: {"theme":"forest"}}%% y',
    '{curly} }{ braces',
    'accDescr { x',
    'accTitle: x',
    'line1\nline2\r\nline3\rline4',
    'Evil\n  section Fake\n    Fake task: 5: me',
    'section x',
    'title y',
    'Title\tworkshop',
    'journey',
    'Journey-map review',
    'SECTION 2 kickoff',
    'Lifestyle: #1; check',
    'classDef x: #f00;',
    '#58; is a colon',
    'ﬂ°°58¶ß and ﬂ°amp¶ß',
    'a<br>b<br/>c',
    '<script>alert(1)</script> & <b>bold</b>',
    'AT&T &amp; co',
    'Onboarding 🚀 — ünïcode, 日本語; émoji 👩‍💻',
    'bell\u0007 nul\u0000 del\u007f c1\u0085\u009f',
    '  padded\u00a0nbsp\u2028sep\u2029  ',
  ];
  /** The name as a JSON string, invisible characters escaped (for the test title). */
  const printable = (s: string) => JSON.stringify(s).replace(/[\u007f-\u00a0\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  for (const name of NAMES) {
    test(`name ${printable(name)} as title, stage, touchpoint, owner and segment`, async () => {
      const j = journeyOf(playbookNamed(name));
      assert.strictEqual(j.touchpoints[0].name, name, 'fixture holds the exact name');
      const n = normalise(name);
      const drawn = await assertRoundTrip(j);
      assert.deepStrictEqual(drawn, { title: n, sections: [n], tasks: [{ section: n, task: `${n} (${n})`, score: 3, actors: [n] }], actors: [n] });
    });
  }

  test('random names from Mermaid\'s special characters, keywords and placeholders round-trip', async () => {
    const pieces = [':', ',', '#', ';', '%', '%%', '{', '}', '<', '>', '&', '<br>', '\n', '\r\n', ' ', '\t', '\u00a0', 'section ', 'title ', 'journey', 'accDescr', 'accTitle', 'ﬂ', '°', '¶', 'ß', '58', 'amp', 'a', 'É', '🚀', '"', "'", '\\', '---', 'style', 'classDef'];
    const names = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }).map((p) => p.join('')).filter((n) => normalise(n) !== '');
    await fc.assert(
      fc.asyncProperty(names, async (name) => {
        const n = normalise(name);
        const drawn = await drawnBy(renderMermaidExport(journeyOf(playbookNamed(name))));
        assert.deepStrictEqual(drawn, { title: n, sections: [n], tasks: [{ section: n, task: `${n} (${n})`, score: 3, actors: [n] }], actors: [n] });
      }),
      { numRuns: testRuns(200), seed: 20261130 },
    );
  });

  test('blank names fall back to ids', async () => {
    const j = journeyOf(playbookNamed(' \n\t').replace('title: ', 'title: "" #'));
    const drawn = await drawnBy(renderMermaidExport(j));
    assert.deepStrictEqual(drawn, { title: 'names', sections: ['only'], tasks: [{ section: 'only', task: 'tp (own)', score: 3, actors: ['seg'] }], actors: ['seg'] });
  });

  test('a stage without touchpoints is a section with no task (never a fake task)', async () => {
    const j = playbookWith(`
      touchpoints:
        - id: welcome
          name: Welcome
          stage: first
          channel: email
          owner: csm
        - id: review
          name: Review
          stage: third
          channel: email
          owner: csm
    `);
    const out = renderMermaidExport(j);
    const drawn = await assertRoundTrip(j);
    assert.deepStrictEqual(drawn.sections, ['First', 'Second', 'Third']);
    assert.deepStrictEqual(drawn.tasks.map((t) => `${t.section}/${t.task}`), ['First/Welcome (CSM team)', 'Third/Review (CSM team)']);
    assert.match(out, /^ {2}section Second\n {2}section Third\n/m);
  });

  test('a touchpoint whose id repeats an earlier one is listed once, the first; unknown stages are not listed', async () => {
    const j = playbookWith(`
      touchpoints:
        - id: call
          name: First call
          stage: second
          channel: phone
          owner: csm
        - id: call
          name: Second call
          stage: first
          channel: phone
          owner: csm
        - id: lost
          name: Lost
          stage: nowhere
          channel: email
          owner: csm
        - id: call
          name: Third call
          stage: second
          channel: phone
          owner: csm
    `);
    assert.strictEqual(j.touchpoints.length, 4);
    const drawn = await assertRoundTrip(j);
    assert.deepStrictEqual(drawn.tasks.map((t) => `${t.section}/${t.task}`), ['Second/First call (CSM team)']);
  });

  test('actors are the segments reached, each once; the owner is in the task text', async () => {
    const j = playbookWith(`
      touchpoints:
        - id: two
          name: Two segments
          stage: first
          segments: [enterprise, smb, enterprise]
          channel: email
          owner: csm
        - id: all
          name: Every segment
          stage: first
          channel: email
          owner: csm
        - id: unowned
          name: Unknown owner
          stage: second
          segments: [smb]
          channel: email
          owner: nobody
    `);
    const drawn = await assertRoundTrip(j);
    assert.deepStrictEqual(drawn.tasks, [
      { section: 'First', task: 'Two segments (CSM team)', score: 3, actors: ['Enterprise', 'SMB'] },
      { section: 'First', task: 'Every segment (CSM team)', score: 3, actors: ['Enterprise', 'SMB', 'Self-serve'] },
      { section: 'Second', task: 'Unknown owner (nobody)', score: 3, actors: ['SMB'] },
    ]);
    assert.deepStrictEqual(drawn.actors, ['Enterprise', 'SMB', 'Self-serve']);
  });

  test('two segments with one name are one actor', async () => {
    const base = dedent(BASE).replace('    name: Self-serve\n', '    name: SMB\n');
    const j = playbookWith(
      `
        touchpoints:
          - id: all
            name: Every segment
            stage: first
            channel: email
            owner: csm
      `,
      base,
    );
    assert.strictEqual(j.segments.filter((s) => s.name === 'SMB').length, 2);
    const drawn = await assertRoundTrip(j);
    assert.deepStrictEqual(drawn.tasks.map((t) => t.actors), [['Enterprise', 'SMB']]);
  });

  test('a playbook without segments: tasks without actors, still parsed', async () => {
    for (const segments of ['segments: []\n', '']) {
      const base = dedent(BASE).replace(/segments:\n(?: {2}.*\n)+/, segments);
      const j = playbookWith(
        `
        touchpoints:
          - id: welcome
            name: Welcome
            stage: first
            channel: email
            owner: csm
      `,
        base,
      );
      assert.deepStrictEqual(j.segments, []);
      const out = renderMermaidExport(j);
      assert.match(out, /^ {4}Welcome \(CSM team\): 3$/m);
      const drawn = await assertRoundTrip(j);
      assert.deepStrictEqual(drawn.tasks, [{ section: 'First', task: 'Welcome (CSM team)', score: 3, actors: [] }]);
      assert.deepStrictEqual(drawn.actors, []);
    }
  });

  test('scores 1..5 from emotion -2..+2 (rounded, clamped), 3 when none', async () => {
    const emotions = [-2, -1, 0, 1, 2, 1.6, -1.4, undefined];
    const j = playbookWith(
      `touchpoints:\n${emotions
        .map((e, i) => `  - id: t${i}\n    stage: first\n    channel: email\n    owner: csm\n${e === undefined ? '' : `    emotion: ${e}\n`}`)
        .join('')}`,
    );
    const drawn = await assertRoundTrip(j);
    assert.deepStrictEqual(drawn.tasks.map((t) => t.score), [1, 2, 3, 4, 5, 5, 2, 3]);
  });

  test('title: the playbook title, else its id', async () => {
    const j = journeyOf(dedent(BASE).replace('title: Base\n', ''));
    assert.strictEqual((await assertRoundTrip(j)).title, 'base');
  });
});
