/**
 * The journey map renderer (pure code, no DOM): the element tree and its escaping
 * (`tree.ts`), the map itself (`renderJourneyMap`) and the three exports
 * (HTML page, SVG drawing, Mermaid `journey` diagram).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { buildJourney, JourneyModel } from '../../server/src/core/journey';
import { MapOptions, renderJourneyMap } from '../../server/src/core/render/journeyMap';
import { renderHtmlExport, renderMermaidExport, renderSvgExport } from '../../server/src/core/render/exports';
import { ALLOWED_ATTRIBUTES, Child, escapeXml, h, toMarkup, VNode } from '../../server/src/core/render/tree';
import { dedent, repoRoot } from './helpers';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------


function journeyOf(yaml: string): JourneyModel {
  const j = buildJourney(analyzePlaybook(yaml));
  assert.ok(j, 'journey built');
  return j!;
}

function samples(): { name: string; text: string }[] {
  const dir = path.join(repoRoot(), 'samples');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.playbook.yaml'))
    .sort()
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

function isNode(c: Child): c is VNode {
  return typeof c !== 'string';
}

function classes(n: VNode): string[] {
  return (n.attrs.class ?? '').split(/\s+/).filter(Boolean);
}

function hasClass(n: VNode, cls: string): boolean {
  return classes(n).includes(cls);
}

/** Every element of a tree (depth first, document order). */
function all(root: Child): VNode[] {
  const out: VNode[] = [];
  const walk = (c: Child) => {
    if (!isNode(c)) return;
    out.push(c);
    c.children.forEach(walk);
  };
  walk(root);
  return out;
}

/** Elements matching `tag.class` (either part optional) plus optional attributes. */
function find(root: Child, tag: string | undefined, cls?: string, attrs: Record<string, string> = {}): VNode[] {
  return all(root).filter((n) => (!tag || n.tag === tag) && (!cls || hasClass(n, cls)) && Object.entries(attrs).every(([k, v]) => n.attrs[k] === v));
}

function one(root: Child, tag: string | undefined, cls?: string, attrs: Record<string, string> = {}): VNode {
  const found = find(root, tag, cls, attrs);
  assert.strictEqual(found.length, 1, `exactly one ${tag ?? ''}.${cls ?? ''} ${JSON.stringify(attrs)} (found ${found.length})`);
  return found[0];
}

function text(c: Child): string {
  return isNode(c) ? c.children.map(text).join('') : c;
}

/** Touchpoint indexes of the cards in a subtree. */
function cardIndexes(root: Child): number[] {
  return find(root, 'button', 'card').map((n) => Number(n.attrs['data-index']));
}

/** Touchpoint index by id (first with that id). */
function tp(j: JourneyModel, id: string): number {
  const i = j.touchpoints.findIndex((t) => t.id === id);
  assert.ok(i >= 0, `touchpoint ${id}`);
  return i;
}

/** Number of cards the segment map must draw: one per touchpoint × reached segment. */
function placements(j: JourneyModel): number {
  return j.touchpoints.filter((t) => t.stage !== undefined && j.stages.some((s) => s.id === t.stage)).reduce((n, t) => n + t.segments.length, 0);
}

const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*(:[A-Za-z_][A-Za-z0-9._-]*)?$/;
const XML_ENTITY = /^&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

/** Characters allowed by XML 1.0 (`Char`): no C0 controls but tab/LF/CR, no lone surrogates, no U+FFFE/U+FFFF. */
function badXmlChar(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x9 || c === 0xa || c === 0xd) continue;
    if (c < 0x20 || c === 0xfffe || c === 0xffff) return i;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return i;
      i++;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

function checkCharData(s: string, where: string): void {
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) {
    assert.ok(XML_ENTITY.test(s.slice(i)), `${where}: bare & at ${JSON.stringify(s.slice(i, i + 20))}`);
  }
  assert.ok(!s.includes('<'), `${where}: raw < in ${JSON.stringify(s.slice(0, 60))}`);
}

/**
 * A small strict XML well-formedness checker: one root element, balanced tags,
 * quoted unique attributes, no raw `<`/bare `&` in text or attribute values,
 * only XML characters. Returns the elements seen (tag + attributes) for further checks.
 */
function checkXml(doc: string): { tag: string; attrs: Record<string, string> }[] {
  const bad = badXmlChar(doc);
  assert.strictEqual(bad, -1, `character not allowed in XML at ${bad}: U+${bad >= 0 ? doc.charCodeAt(bad).toString(16).toUpperCase() : ''} near ${JSON.stringify(doc.slice(Math.max(0, bad - 30), bad + 10))}`);
  let s = doc;
  const decl = /^<\?xml\s+version="1\.[0-9]"(\s+encoding="[A-Za-z0-9._-]+")?(\s+standalone="(yes|no)")?\s*\?>/.exec(s);
  if (decl) s = s.slice(decl[0].length);
  const stack: string[] = [];
  const elements: { tag: string; attrs: Record<string, string> }[] = [];
  let roots = 0;
  let pos = 0;
  while (pos < s.length) {
    const lt = s.indexOf('<', pos);
    const chunk = lt < 0 ? s.slice(pos) : s.slice(pos, lt);
    if (chunk) {
      if (!stack.length) assert.ok(/^\s*$/.test(chunk), `text outside the root element: ${JSON.stringify(chunk.slice(0, 40))}`);
      checkCharData(chunk.replace(/>/g, ''), 'text');
    }
    if (lt < 0) break;
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4);
      assert.ok(end > 0, 'unterminated comment');
      assert.ok(!s.slice(lt + 4, end).includes('--'), '-- inside a comment');
      pos = end + 3;
      continue;
    }
    assert.ok(!s.startsWith('<!', lt) && !s.startsWith('<?', lt), `unexpected markup declaration at ${lt}`);
    const close = /^<\/([^\s>]+)\s*>/.exec(s.slice(lt));
    if (close) {
      assert.ok(stack.length, `closing </${close[1]}> without an open element`);
      const open = stack.pop();
      assert.strictEqual(close[1], open, `</${close[1]}> closes <${open}>`);
      pos = lt + close[0].length;
      continue;
    }
    const m = /^<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*"[^"]*")*)\s*(\/?)>/.exec(s.slice(lt));
    assert.ok(m, `malformed tag at ${JSON.stringify(s.slice(lt, lt + 60))}`);
    const tag = m![1];
    assert.ok(XML_NAME.test(tag), `bad element name ${tag}`);
    const attrs: Record<string, string> = {};
    for (const a of m![2].matchAll(/\s+([^\s=/>]+)\s*=\s*"([^"]*)"/g)) {
      assert.ok(XML_NAME.test(a[1]), `bad attribute name ${a[1]}`);
      assert.ok(!(a[1] in attrs), `duplicate attribute ${a[1]} on <${tag}>`);
      checkCharData(a[2], `attribute ${a[1]}`);
      attrs[a[1]] = a[2];
    }
    elements.push({ tag, attrs });
    if (!stack.length) roots++;
    if (!m![3]) stack.push(tag);
    pos = lt + m![0].length;
  }
  assert.deepStrictEqual(stack, [], 'unclosed elements');
  assert.strictEqual(roots, 1, 'exactly one root element');
  return elements;
}

const HTML_VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Tokenizes an HTML page (raw text in <style>/<title>), checks tags balance, returns the elements. */
function checkHtml(doc: string): { tag: string; attrs: Record<string, string>; raw: string }[] {
  let s = doc.replace(/^<!DOCTYPE html>/i, '');
  const stack: string[] = [];
  const elements: { tag: string; attrs: Record<string, string>; raw: string }[] = [];
  let pos = 0;
  while (pos < s.length) {
    const lt = s.indexOf('<', pos);
    const chunk = lt < 0 ? s.slice(pos) : s.slice(pos, lt);
    if (chunk) checkCharData(chunk.replace(/>/g, ''), 'text');
    if (lt < 0) break;
    const close = /^<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/.exec(s.slice(lt));
    if (close) {
      const open = stack.pop();
      assert.strictEqual(close[1].toLowerCase(), open, `</${close[1]}> closes <${open}>`);
      pos = lt + close[0].length;
      continue;
    }
    const m = /^<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=/>"']+(?:\s*=\s*"[^"]*")?)*)\s*(\/?)>/.exec(s.slice(lt));
    assert.ok(m, `malformed tag at ${JSON.stringify(s.slice(lt, lt + 60))}`);
    const tag = m![1].toLowerCase();
    const attrs: Record<string, string> = {};
    for (const a of m![2].matchAll(/\s+([^\s=/>"']+)(?:\s*=\s*"([^"]*)")?/g)) {
      assert.ok(!(a[1] in attrs), `duplicate attribute ${a[1]} on <${tag}>`);
      checkCharData(a[2] ?? '', `attribute ${a[1]}`);
      attrs[a[1].toLowerCase()] = a[2] ?? '';
    }
    elements.push({ tag, attrs, raw: m![0] });
    pos = lt + m![0].length;
    if (tag === 'style' || tag === 'title') {
      const end = s.indexOf(`</${tag}>`, pos);
      assert.ok(end >= 0, `unterminated <${tag}>`);
      if (tag === 'title') checkCharData(s.slice(pos, end).replace(/>/g, ''), 'title');
      pos = end + tag.length + 3;
      continue;
    }
    if (!HTML_VOID.has(tag) && !m![3]) stack.push(tag);
  }
  s = '';
  assert.deepStrictEqual(stack, [], 'unclosed elements');
  return elements;
}

/** Attribute names that load a resource, run script or inject style. */
function dangerousAttribute(name: string): boolean {
  return /^on/i.test(name) || ['src', 'srcset', 'href', 'xlink:href', 'action', 'formaction', 'data', 'background', 'poster', 'style', 'srcdoc', 'ping', 'lowsrc', 'dynsrc'].includes(name.toLowerCase());
}

/** The namespaces an export may name; any other URL would be a remote resource. */
const NAMESPACE_URLS = new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink', 'http://www.w3.org/XML/1998/namespace', 'http://www.w3.org/1999/xhtml']);

// ---------------------------------------------------------------------------
// A hand-written playbook with one of everything the map draws
// ---------------------------------------------------------------------------

const DEMO = dedent(`
  playbook: render-demo
  title: Render demo
  framework: laer
  engagement: high-touch
  stages:
    - id: renew
      name: Renewal
      goal: Renew on time
  owners:
    - id: csm
      name: Casey CSM
      type: human
      capacity: 10
    - id: bot
      name: Journey bot
      type: automation
    - id: ops
      name: Ops team
      type: team
  segments:
    - id: enterprise
      name: Enterprise
      owner: csm
      size: 25
    - id: smb
      name: SMB
      engagement: low-touch
    - id: self-serve
      name: Self-serve
      engagement: no-touch
  triggers:
    - id: signed
      type: event
      event: contract.signed
  touchpoints:
    - id: welcome
      name: Welcome email
      stage: land
      channel: email
      owner: bot
      trigger: signed
      kpis: [activation]
      emotion: 1
    - id: kickoff
      name: Kickoff call
      stage: land
      segments: [enterprise]
      channel: video-call
      owner: csm
      within: 5d
      kpis: [activation]
    - id: tours
      name: Product tours
      stage: adopt
      segments: [enterprise, smb]
      channel: in-app
      owner: bot
    - id: renewal-call
      name: Renewal call
      stage: renew
      segments: [enterprise, smb]
      channel: phone
      owner: ops
      kpis: [churn]
      emotion: -1
  kpis:
    - id: activation
      name: Activation rate
      metric: activation-rate
      unit: "%"
      direction: increase
      baseline: 40
      target: 60
      stage: land
    - id: churn
      name: Gross churn
      metric: churn-rate
      unit: "%"
      direction: decrease
      baseline: 8
      stage: renew
`);

/** Expected cards per stage × segment of DEMO (touchpoint ids). */
const DEMO_CELLS: Record<string, Record<string, string[]>> = {
  land: { enterprise: ['welcome', 'kickoff'], smb: ['welcome'], 'self-serve': ['welcome'] },
  adopt: { enterprise: ['tours'], smb: ['tours'], 'self-serve': [] },
  expand: { enterprise: [], smb: [], 'self-serve': [] },
  renew: { enterprise: ['renewal-call'], smb: ['renewal-call'], 'self-serve': [] },
};

function demo(): JourneyModel {
  return journeyOf(DEMO);
}

function map(j: JourneyModel, options: Partial<MapOptions> = {}): VNode {
  return renderJourneyMap(j, { lanes: 'segment', ...options });
}

function cellOf(root: VNode, stage: string, lane: string): VNode {
  return one(root, 'td', 'cell', { 'data-stage': stage, 'data-lane': lane });
}

function laneHead(root: VNode, lane: string): VNode {
  const row = one(root, 'tr', 'lane', { 'data-lane': lane });
  return one(row, 'th', 'lane-head');
}

// ---------------------------------------------------------------------------
// tree.ts
// ---------------------------------------------------------------------------

suite('render: element tree (toMarkup)', () => {
  test('escapes < > & " \' in text', () => {
    assert.strictEqual(toMarkup(h('span', {}, `<>&"'`)), '<span>&lt;&gt;&amp;&quot;&#39;</span>');
    assert.strictEqual(toMarkup(h('p', {}, '<script>alert(1)</script>')), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    assert.strictEqual(toMarkup('a & b'), 'a &amp; b');
  });

  test('escapes < > & " \' in attribute values', () => {
    const out = toMarkup(h('span', { title: `"><img src=x onerror=alert(1)>`, 'aria-label': `a'b&c<d>` }, 'x'));
    assert.strictEqual(out, '<span title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" aria-label="a&#39;b&amp;c&lt;d&gt;">x</span>');
    checkXml(out);
  });

  test('entities in input are escaped again, never decoded', () => {
    assert.strictEqual(toMarkup(h('b', { title: '&lt;' }, '&#60;script&#62;')), '<b title="&amp;lt;">&amp;#60;script&amp;#62;</b>');
  });

  test('drops attributes not in ALLOWED_ATTRIBUTES', () => {
    const attrs = { onclick: 'alert(1)', onerror: 'alert(1)', ONCLICK: 'alert(1)', style: 'background:url(x)', href: 'javascript:alert(1)', src: 'x', srcdoc: '<script>', 'xlink:href': 'javascript:alert(1)', formaction: 'javascript:alert(1)', 'x onload': 'alert(1)', class: 'ok' };
    for (const k of Object.keys(attrs)) if (k !== 'class') assert.ok(!ALLOWED_ATTRIBUTES.has(k), `${k} must not be allowed`);
    const out = toMarkup(h('div', attrs, 'x'));
    assert.strictEqual(out, '<div class="ok">x</div>');
    const svgOut = toMarkup(h('svg', { onload: 'alert(1)', xmlns: 'http://www.w3.org/2000/svg' }, h('a', { href: 'javascript:alert(1)' }, 't')), true);
    assert.strictEqual(svgOut, '<svg xmlns="http://www.w3.org/2000/svg"><a>t</a></svg>');
  });

  test('no allowed attribute is an event handler, a URL or a style', () => {
    for (const a of ALLOWED_ATTRIBUTES) assert.ok(!dangerousAttribute(a), `${a} is allowed`);
  });

  test('rejects bad tag names', () => {
    for (const tag of ['', '1abc', 'img src=x', 'a>', '<b', 'x/y', 'div onclick=alert(1)', 'p"', 'svg:a b', 'a\nb']) {
      assert.throws(() => toMarkup(h(tag)), /bad tag/, `tag ${JSON.stringify(tag)} in HTML`);
      assert.throws(() => toMarkup(h(tag), true), /bad tag/, `tag ${JSON.stringify(tag)} in XML`);
      assert.throws(() => toMarkup(h('div', {}, h('span', {}, h(tag)))), /bad tag/, `nested tag ${JSON.stringify(tag)}`);
    }
    assert.doesNotThrow(() => toMarkup(h('th')));
  });

  test('control characters become U+FFFD; tab and newline stay', () => {
    assert.strictEqual(escapeXml('a\u0000b\u0008c\u000bd\u001fe\tf\ng\rh'), 'a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng\rh');
  });

  test('h() drops undefined/false attributes and empty children; true is an empty attribute', () => {
    const n = h('option', { value: 'a', selected: true, disabled: false, title: undefined }, undefined, false, null, '', 'x', ['y', h('b')]);
    assert.deepStrictEqual(n.attrs, { value: 'a', selected: '' });
    assert.strictEqual(toMarkup(n), '<option value="a" selected="">xy<b></b></option>');
  });

  test('void elements in HTML, self-closing elements in XML', () => {
    assert.strictEqual(toMarkup(h('br')), '<br>');
    assert.strictEqual(toMarkup(h('span')), '<span></span>');
    assert.strictEqual(toMarkup(h('rect', { x: 1 }), true), '<rect x="1"/>');
  });
});

// ---------------------------------------------------------------------------
// journeyMap.ts
// ---------------------------------------------------------------------------

suite('render: journey map (segment lanes)', () => {
  test('one th.stage per stage, in lifecycle order', () => {
    const j = demo();
    const heads = find(map(j), 'th', 'stage');
    assert.deepStrictEqual(
      heads.map((n) => n.attrs['data-stage']),
      ['land', 'adopt', 'expand', 'renew'],
    );
    assert.deepStrictEqual(
      heads.map((n) => text(one(n, 'span', 'stage-name'))),
      ['Land', 'Adopt', 'Expand', 'Renewal'],
    );
    assert.strictEqual(text(one(heads[3], 'span', 'stage-goal')), 'Renew on time');
  });

  test('one lane per segment, in file order', () => {
    const m = map(demo());
    assert.deepStrictEqual(
      find(m, 'tr', 'lane').map((n) => n.attrs['data-lane']),
      ['enterprise', 'smb', 'self-serve'],
    );
    assert.strictEqual(text(one(laneHead(m, 'enterprise'), 'span', 'lane-name')), 'Enterprise');
    assert.match(text(laneHead(m, 'enterprise')), /25 accounts/);
    assert.match(text(laneHead(m, 'enterprise')), /owner Casey CSM/);
    assert.strictEqual(text(one(laneHead(m, 'smb'), 'span', 'badge')), 'low-touch');
  });

  test('a card per touchpoint in the right cells; no segments = every segment lane of its stage', () => {
    const j = demo();
    const m = map(j);
    for (const [stage, lanes] of Object.entries(DEMO_CELLS)) {
      for (const [lane, ids] of Object.entries(lanes)) {
        assert.deepStrictEqual(cardIndexes(cellOf(m, stage, lane)), ids.map((id) => tp(j, id)), `${stage} × ${lane}`);
      }
    }
    assert.strictEqual(find(m, 'button', 'card').length, 8);
    assert.strictEqual(find(m, 'button', 'card').length, placements(j));
    // Cards sit only in cells (never in headers) and every cell is a stage × lane pair.
    assert.strictEqual(find(m, 'td', 'cell').length, 4 * 3);
  });

  test('cards carry owner-<type>, name, meta and source range', () => {
    const j = demo();
    const m = map(j);
    const kickoff = one(cellOf(m, 'land', 'enterprise'), 'button', 'card', { 'data-index': String(tp(j, 'kickoff')) });
    assert.ok(hasClass(kickoff, 'owner-human'), kickoff.attrs.class);
    assert.strictEqual(text(one(kickoff, 'span', 'card-name')), 'Kickoff call');
    assert.match(text(one(kickoff, 'span', 'card-meta')), /video-call · Casey CSM · within 5d/);
    const r = j.touchpoints[tp(j, 'kickoff')].idRange!;
    assert.strictEqual(kickoff.attrs['data-range'], `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`);
    const welcome = find(m, 'button', 'card', { 'data-index': String(tp(j, 'welcome')) });
    assert.ok(welcome.every((c) => hasClass(c, 'owner-automation')));
    assert.match(text(welcome[0]), /on contract\.signed/);
    assert.ok(find(m, 'button', 'card', { 'data-index': String(tp(j, 'renewal-call')) }).every((c) => hasClass(c, 'owner-team')));
  });

  test('gap class exactly on empty cells; stages without touchpoints are gaps with the stage-without-touchpoint message', () => {
    const m = map(demo());
    for (const [stage, lanes] of Object.entries(DEMO_CELLS)) {
      for (const [lane, ids] of Object.entries(lanes)) {
        const c = cellOf(m, stage, lane);
        assert.strictEqual(hasClass(c, 'gap'), ids.length === 0, `${stage} × ${lane} gap`);
        assert.strictEqual(hasClass(c, 'stage-gap'), stage === 'expand', `${stage} × ${lane} stage-gap`);
        assert.match(c.attrs['aria-label'], ids.length ? /touchpoint\(s\)/ : /no touchpoint/);
      }
    }
    const heads = find(m, 'th', 'stage');
    assert.deepStrictEqual(
      heads.filter((n) => hasClass(n, 'gap')).map((n) => n.attrs['data-stage']),
      ['expand'],
    );
    const expand = one(m, 'th', 'stage', { 'data-stage': 'expand' });
    const msgs = find(expand, 'li', 'finding').map(text);
    assert.strictEqual(msgs.length, 1);
    assert.match(msgs[0], /Stage `expand` has no touchpoint/);
    assert.strictEqual(one(expand, 'li', 'finding').attrs.title, 'stage-without-touchpoint');
    for (const id of ['land', 'adopt', 'renew']) assert.deepStrictEqual(find(one(m, 'th', 'stage', { 'data-stage': id }), 'li', 'finding'), []);
  });

  test('coverage-gap messages in the cells they name, and only there', () => {
    const m = map(demo());
    for (const [stage, lanes] of Object.entries(DEMO_CELLS)) {
      for (const lane of Object.keys(lanes)) {
        const msgs = find(cellOf(m, stage, lane), 'li', 'finding').map(text);
        if (lane === 'self-serve' && (stage === 'adopt' || stage === 'renew')) {
          assert.strictEqual(msgs.length, 1, `${stage} × ${lane}`);
          assert.match(msgs[0], /Segment `self-serve` has no touchpoint in stages `adopt` and `renew`/);
        } else assert.deepStrictEqual(msgs, [], `${stage} × ${lane}`);
      }
    }
  });

  test('touch-mismatch and owner-over-capacity messages on the lane', () => {
    const m = map(demo());
    const ent = find(laneHead(m, 'enterprise'), 'li', 'finding');
    assert.deepStrictEqual(ent.map((n) => n.attrs.title).sort(), ['owner-over-capacity', 'touch-mismatch']);
    assert.ok(ent.some((n) => /High-touch segment `enterprise` is reached only by automation in stage `adopt`/.test(text(n))));
    assert.ok(ent.some((n) => /Owner `csm` is accountable for 25 accounts/.test(text(n))));
    assert.ok(hasClass(one(m, 'tr', 'lane', { 'data-lane': 'enterprise' }), 'lane-warning'));
    assert.deepStrictEqual(find(laneHead(m, 'smb'), 'li', 'finding'), []);
    assert.ok(!hasClass(one(m, 'tr', 'lane', { 'data-lane': 'smb' }), 'lane-warning'));
  });

  test('KPI chips with baseline → target, and a "no target" mark', () => {
    const m = map(demo());
    const land = one(one(m, 'th', 'stage', { 'data-stage': 'land' }), 'button', 'kpi');
    assert.strictEqual(text(one(land, 'span', 'kpi-name')), 'Activation rate');
    assert.strictEqual(text(one(land, 'span', 'kpi-values')), '40% → 60%');
    assert.ok(!hasClass(land, 'no-target'));
    assert.match(land.attrs['aria-label'], /baseline 40%, target 60%, increase/);
    const renew = one(one(m, 'th', 'stage', { 'data-stage': 'renew' }), 'button', 'kpi');
    assert.ok(hasClass(renew, 'no-target'));
    assert.strictEqual(text(one(renew, 'span', 'kpi-name')), 'Gross churn');
    assert.match(text(one(renew, 'span', 'kpi-values')), /^8% → /);
    assert.match(text(one(renew, 'strong', 'no-target-mark')), /no target/);
    assert.match(renew.attrs['aria-label'], /target none/);
    assert.deepStrictEqual(find(one(m, 'th', 'stage', { 'data-stage': 'adopt' }), 'button', 'kpi'), []);
  });

  test('selected marks exactly the cards of one touchpoint', () => {
    const j = demo();
    const kickoff = tp(j, 'kickoff');
    const sel = find(map(j, { selected: kickoff }), 'button', 'card').filter((n) => hasClass(n, 'selected'));
    assert.strictEqual(sel.length, 1);
    assert.strictEqual(sel[0].attrs['data-index'], String(kickoff));
    assert.strictEqual(sel[0].attrs['aria-current'], 'true');
    // A touchpoint drawn in several lanes is selected in each of them, nothing else is.
    const welcome = tp(j, 'welcome');
    const selW = find(map(j, { selected: welcome }), 'button', 'card').filter((n) => hasClass(n, 'selected'));
    assert.deepStrictEqual(selW.map((n) => Number(n.attrs['data-index'])), [welcome, welcome, welcome]);
    assert.deepStrictEqual(find(map(j), 'button', 'card').filter((n) => hasClass(n, 'selected') || n.attrs['aria-current'] !== undefined), []);
  });

  test('filters hide the other touchpoints', () => {
    const j = demo();
    const ids = (m: VNode) => [...new Set(cardIndexes(m).map((i) => j.touchpoints[i].id))].sort();
    assert.deepStrictEqual(ids(map(j, { filter: { channel: 'email' } })), ['welcome']);
    assert.deepStrictEqual(ids(map(j, { filter: { owner: 'csm' } })), ['kickoff']);
    assert.deepStrictEqual(ids(map(j, { filter: { owner: 'bot' } })), ['tours', 'welcome']);
    assert.deepStrictEqual(ids(map(j, { filter: { segment: 'smb' } })), ['renewal-call', 'tours', 'welcome']);
    assert.deepStrictEqual(ids(map(j, { filter: { segment: 'self-serve' } })), ['welcome']);
    assert.deepStrictEqual(ids(map(j, { filter: { channel: 'sms' } })), []);
    assert.deepStrictEqual(ids(map(j, { filter: { segment: 'smb', channel: 'phone' } })), ['renewal-call']);
    assert.deepStrictEqual(ids(map(j, { filter: {} })), ['kickoff', 'renewal-call', 'tours', 'welcome']);
  });

  test('syntax errors make a banner (and none without them)', () => {
    const m = map(demo(), { syntaxErrors: [{ message: 'Unexpected <token>', line: 2, character: 4 }] });
    const banner = one(m, 'section', 'banner');
    assert.strictEqual(banner.attrs.role, 'alert');
    assert.match(text(banner), /does not parse/);
    assert.strictEqual(text(one(banner, 'li')), 'Line 3: Unexpected <token>');
    assert.strictEqual(one(banner, 'li').attrs['data-range'], '2:4:2:4');
    assert.ok(toMarkup(m).includes('Line 3: Unexpected &lt;token&gt;'));
    assert.deepStrictEqual(find(map(demo()), 'section', 'banner'), []);
    assert.deepStrictEqual(find(map(demo(), { syntaxErrors: [] }), 'section', 'banner'), []);
  });

  test('controls only when interactive', () => {
    assert.deepStrictEqual(find(map(demo()), 'nav', 'controls'), []);
    const nav = one(map(demo(), { interactive: true, lanes: 'channel' }), 'nav', 'controls');
    const lanes = find(nav, 'button', undefined, { 'data-action': 'lanes' });
    assert.deepStrictEqual(lanes.map((b) => [b.attrs.value, b.attrs['aria-pressed']]), [['segment', 'false'], ['channel', 'true'], ['owner', 'false']]);
    const options = find(one(nav, 'select', undefined, { 'data-action': 'filter' }), 'option').map((o) => o.attrs.value);
    assert.deepStrictEqual(options, ['', 'segment:enterprise', 'segment:smb', 'segment:self-serve', 'channel:email', 'channel:in-app', 'channel:phone', 'channel:video-call', 'owner:csm', 'owner:bot', 'owner:ops']);
  });

  test('summary strip counts', () => {
    const m = map(demo());
    const summary = text(one(m, 'section', 'summary'));
    assert.match(summary, /4 touchpoints/);
    assert.match(summary, /50% automated/);
    assert.match(summary, /4 warnings/);
    assert.match(summary, /1 infos/);
    assert.match(summary, /0 errors/);
  });
});

suite('render: journey map (channel and owner lanes)', () => {
  test('channel lanes: one per channel, sorted; each touchpoint once in its stage', () => {
    const j = demo();
    const m = map(j, { lanes: 'channel' });
    assert.deepStrictEqual(
      find(m, 'tr', 'lane').map((n) => n.attrs['data-lane']),
      ['email', 'in-app', 'phone', 'video-call'],
    );
    assert.strictEqual(find(m, 'button', 'card').length, j.touchpoints.length);
    for (const t of j.touchpoints) {
      assert.deepStrictEqual(cardIndexes(cellOf(m, t.stage!, t.channel!)).includes(t.index), true, `${t.id} in ${t.stage} × ${t.channel}`);
      assert.strictEqual(cardIndexes(m).filter((i) => i === t.index).length, 1, `${t.id} drawn once`);
    }
    assert.ok(hasClass(cellOf(m, 'adopt', 'email'), 'gap'));
    assert.ok(!hasClass(cellOf(m, 'land', 'email'), 'gap'));
    // No coverage-gap messages in channel lanes (they are about segments).
    assert.deepStrictEqual(find(m, 'ul', 'cell-findings'), []);
  });

  test('owner lanes: one per owner; each touchpoint once, in its owner lane', () => {
    const j = demo();
    const m = map(j, { lanes: 'owner' });
    assert.deepStrictEqual(
      find(m, 'tr', 'lane').map((n) => n.attrs['data-lane']),
      ['csm', 'bot', 'ops'],
    );
    assert.strictEqual(find(m, 'button', 'card').length, j.touchpoints.length);
    for (const t of j.touchpoints) assert.deepStrictEqual(cardIndexes(cellOf(m, t.stage!, t.owner!)).includes(t.index), true, `${t.id} in ${t.stage} × ${t.owner}`);
    const csm = find(laneHead(m, 'csm'), 'li', 'finding');
    assert.deepStrictEqual(csm.map((n) => n.attrs.title), ['owner-over-capacity']);
    assert.match(text(laneHead(m, 'csm')), /25 \/ 10 accounts/);
  });

  test('owner lanes: touchpoints with an unknown owner get a "No known owner" lane', () => {
    const j = journeyOf(DEMO.replace('    owner: ops\n', '    owner: opz\n'));
    const m = map(j, { lanes: 'owner' });
    const lanes = find(m, 'tr', 'lane');
    assert.strictEqual(lanes.length, 4);
    assert.strictEqual(text(one(lanes[3], 'span', 'lane-name')), 'No known owner');
    assert.deepStrictEqual(cardIndexes(lanes[3]), [tp(j, 'renewal-call')]);
  });
});

suite('render: samples', () => {
  for (const s of samples()) {
    test(`${s.name}: every view and export renders; cards = touchpoint placements`, () => {
      const j = journeyOf(s.text);
      const m = map(j);
      assert.strictEqual(find(m, 'button', 'card').length, placements(j));
      assert.deepStrictEqual(find(m, 'th', 'stage').map((n) => n.attrs['data-stage']), j.stages.map((st) => st.id));
      assert.deepStrictEqual(find(m, 'tr', 'lane').map((n) => n.attrs['data-lane']), j.segments.map((sg) => sg.key));
      const placed = j.touchpoints.filter((t) => t.stage !== undefined).length;
      assert.strictEqual(find(map(j, { lanes: 'channel', interactive: true }), 'button', 'card').length, placed);
      assert.strictEqual(find(map(j, { lanes: 'owner', interactive: true }), 'button', 'card').length, placed);
      checkHtml(renderHtmlExport(j));
      checkXml(renderSvgExport(j));
      checkMermaid(renderMermaidExport(j), j);
    });
  }
});

// ---------------------------------------------------------------------------
// exports.ts
// ---------------------------------------------------------------------------

const TASK_LINE = /^ {4}[^:]+: [1-5]: .+$/;

/** Structural check of a Mermaid `journey` diagram against its journey. */
function checkMermaid(out: string, j: JourneyModel): void {
  assert.ok(out.endsWith('\n'));
  const lines = out.slice(0, -1).split('\n');
  assert.strictEqual(lines[0], 'journey');
  assert.match(lines[1], /^ {2}title [^\n#;]+$/);
  assert.strictEqual(lines.filter((l) => /^\s*title\b/.test(l)).length, 1, 'one title line');
  const sections = lines.filter((l) => l.startsWith('  section '));
  assert.strictEqual(sections.length, j.stages.length, 'one section per stage');
  let tasks = 0;
  for (const l of lines.slice(2)) {
    if (l.startsWith('  section ')) {
      assert.match(l, /^ {2}section [^#:;\n]+$/, `section line ${JSON.stringify(l)}`);
      continue;
    }
    assert.match(l, TASK_LINE, `task line ${JSON.stringify(l)}`);
    assert.strictEqual(l.split(':').length, 3, `exactly two colons: ${JSON.stringify(l)}`);
    assert.ok(!/[#;]/.test(l), `no # or ; in ${JSON.stringify(l)}`);
    tasks++;
  }
  const gaps = j.stages.filter((s) => s.touchpointCount === 0).length;
  assert.strictEqual(tasks, j.touchpoints.filter((t) => t.stage !== undefined).length + gaps, 'one task per touchpoint (+1 per empty stage)');
}

/** A minimal journey model with the given texts (for exports fed strings no YAML file would hold). */
function tinyJourney(o: { title?: string; stage?: string; touchpoint?: string; owner?: string; segment?: string; emotion?: number }): JourneyModel {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  return {
    playbook: { id: 'tiny', title: o.title ?? 'Tiny' },
    stages: [{ id: 'only', name: o.stage ?? 'Only stage', order: 0, touchpointCount: 1, emotion: o.emotion ?? null, kpis: [], findings: [], range, idRange: range }],
    segments: [{ key: 'seg', id: 'seg', name: o.segment ?? 'Segment', findings: [], range, idRange: range }],
    owners: [{ key: 'own', id: 'own', name: o.owner ?? 'Owner', type: 'human', headcount: 1, load: 0, findings: [], range, idRange: range }],
    triggers: [],
    touchpoints: [{ index: 0, id: 'tp', name: o.touchpoint ?? 'Touchpoint', stage: 'only', segments: ['seg'], allSegments: false, channel: 'email', owner: 'own', ownerName: o.owner ?? 'Owner', ownerType: 'human', kpis: [], emotion: o.emotion, findings: [], range, idRange: range }],
    kpis: [],
    cells: [{ stage: 'only', segment: 'seg', touchpoints: [0], findings: [] }],
    summary: { touchpoints: 1, automatedShare: 0, byChannel: { email: 1 }, byOwnerType: { human: 1 }, findings: { error: 0, warning: 0, info: 0 } },
    findings: [],
  };
}

suite('render: Mermaid export', () => {
  test('journey, title, one section per stage, one task per touchpoint', () => {
    const j = demo();
    const out = renderMermaidExport(j);
    checkMermaid(out, j);
    const lines = out.trimEnd().split('\n');
    assert.deepStrictEqual(lines.slice(0, 2), ['journey', '  title Render demo']);
    assert.deepStrictEqual(
      lines.filter((l) => l.startsWith('  section ')),
      ['  section Land', '  section Adopt', '  section Expand', '  section Renewal'],
    );
    // The empty stage still gets a (gap) task so the section is not empty.
    const expandAt = lines.indexOf('  section Expand');
    assert.match(lines[expandAt + 1], /^ {4}No touchpoint \(gap\): 1: /);
    assert.ok(lines.includes('    Welcome email: 4: Journey bot'), out);
    assert.ok(lines.includes('    Kickoff call: 3: Casey CSM, Enterprise'), out);
    assert.ok(lines.includes('    Renewal call: 2: Ops team, Enterprise, SMB'), out);
  });

  test('emotion -2..+2 maps to score 1..5', () => {
    for (const [e, score] of [[-2, 1], [-1, 2], [0, 3], [1, 4], [2, 5]] as const) {
      assert.match(renderMermaidExport(tinyJourney({ emotion: e })), new RegExp(`^    Touchpoint: ${score}: `, 'm'));
    }
    assert.match(renderMermaidExport(tinyJourney({})), /^ {4}Touchpoint: 3: /m);
  });

  test('colons, #, ;, newlines and commas in names cannot break the syntax', () => {
    const nasty = ['Call: 5: everybody', 'a#b # comment', 'x; y;', 'line1\nline2\r\nline3', 'Evil\n  section Fake\n    Fake task: 5: me', '  \n ', ':::', 'A, B, C', 'tab\there\u2028sep'];
    for (const s of nasty) {
      for (const field of ['title', 'stage', 'touchpoint', 'owner', 'segment'] as const) {
        const j = tinyJourney({ [field]: s });
        const out = renderMermaidExport(j);
        checkMermaid(out, j);
        const lines = out.trimEnd().split('\n');
        assert.strictEqual(lines.length, 4, `${field}=${JSON.stringify(s)}: ${out}`);
        const actors = lines[3].split(': ')[2];
        assert.strictEqual(actors.split(',').length, 2, `${field}=${JSON.stringify(s)}: exactly the owner and the one segment as actors: ${JSON.stringify(lines[3])}`);
      }
    }
  });

  test('the same through a real playbook file (names with colons, #, ; and line breaks)', () => {
    const y = DEMO.replace('title: Render demo', 'title: "Demo: #1; the\\nsequel"')
      .replace('name: Kickoff call', 'name: "Kickoff: call #2; now\\n    evil: 5: me"')
      .replace('name: Renewal\n', 'name: "Renewal: #3;\\r\\nsection x"\n')
      .replace('name: Casey CSM', 'name: "Casey, CSM: #1;"');
    const j = journeyOf(y);
    checkMermaid(renderMermaidExport(j), j);
  });

  test('names cannot be read as Mermaid keywords, comments or directives', () => {
    // Mermaid's journey lexer (checked against mermaid 12) reads a task line starting with `journey`,
    // `section ` or `accDescr {` as that keyword (parse error), one starting with `title ` as the
    // diagram title (the task is lost), one starting with `%` as a comment (the task is lost), and
    // `%%{...}%%` anywhere as a directive (parse error or configuration injection).
    const hazards = ['Journey review', 'journey', 'Title workshop', 'SECTION 2 kickoff', 'accDescr { x', '% of users', '%%{init: {"theme":"dark"}}%%', 'x %%{init: {"theme":"forest"}}%% y'];
    const keyword = /^(journey\b|title\s|section\s|acctitle\s*:|accdescr\s*[:{]|%)/i;
    const problems: string[] = [];
    for (const s of hazards) {
      for (const field of ['title', 'stage', 'touchpoint'] as const) {
        const out = renderMermaidExport(tinyJourney({ [field]: s }));
        const lines = out.trimEnd().split('\n');
        const task = lines[3].slice(4).split(':')[0];
        if (keyword.test(task)) problems.push(`task read as a keyword/comment: ${JSON.stringify(lines[3])}`);
        if (out.includes('%%{')) problems.push(`directive in ${field}: ${JSON.stringify(out)}`);
      }
    }
    assert.deepStrictEqual(problems, []);
  });
});

suite('render: SVG export', () => {
  test('well-formed XML with the SVG namespace; one card per placement; gaps hatched', () => {
    const j = demo();
    const out = renderSvgExport(j);
    assert.ok(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg '));
    const els = checkXml(out);
    assert.strictEqual(els[0].tag, 'svg');
    assert.strictEqual(els[0].attrs.xmlns, 'http://www.w3.org/2000/svg');
    assert.match(els[0].attrs.viewBox, /^0 0 \d+ \d+$/);
    for (const e of els) for (const a of Object.keys(e.attrs)) assert.ok(!dangerousAttribute(a), `<${e.tag} ${a}>`);
    const texts = out.match(/<text[^>]*>[^<]*<\/text>/g) ?? [];
    for (const name of ['Render demo', 'LAND', 'ADOPT', 'EXPAND', 'RENEWAL', 'Enterprise', 'SMB', 'Self-serve', 'Welcome email', 'Kickoff call', 'Product tours', 'Renewal call']) {
      assert.ok(texts.some((t) => t.includes(`>${name}<`)), `text ${name}`);
    }
    // Card = a rect with rx + its owner colour bar; count the card name texts.
    assert.strictEqual(els.filter((e) => e.tag === 'rect' && e.attrs.rx === '3').length, placements(j));
    // The 5 empty cells (adopt/renew × self-serve, expand × 3 lanes) are hatched, plus the whole expand column.
    assert.strictEqual(els.filter((e) => e.tag === 'rect' && e.attrs.fill === 'url(#hatch)').length, 5 + 1);
    const urls = out.match(/https?:\/\/[^\s"'<>)]*/g) ?? [];
    for (const u of urls) assert.ok(NAMESPACE_URLS.has(u), `URL ${u}`);
  });

  test('user text is escaped', () => {
    const nasty = `<script>alert("x")</script> & 'q' ]]> <![CDATA[`;
    for (const field of ['title', 'stage', 'touchpoint', 'owner', 'segment'] as const) {
      const out = renderSvgExport(tinyJourney({ [field]: nasty }));
      const els = checkXml(out);
      assert.ok(!els.some((e) => e.tag === 'script'), field);
      assert.ok(!out.includes('<script'), field);
      assert.ok(out.includes('&lt;script&gt;') || out.includes('&lt;SCRIPT&gt;'), `${field}: escaped text present`);
    }
  });

  test('control characters in names stay well-formed', () => {
    const out = renderSvgExport(tinyJourney({ touchpoint: 'a\u0000b\u0007c\u001b', title: 'x\u000by' }));
    checkXml(out);
  });

  test('characters that XML forbids (U+FFFE, U+FFFF) do not reach the SVG', () => {
    checkXml(renderSvgExport(tinyJourney({ touchpoint: 'noncharacter \uffff here', segment: 'seg \ufffe' })));
  });

  test('truncated long names never split a surrogate pair', () => {
    // 27 characters then emoji: truncation at 27 UTF-16 units would cut the first emoji in half.
    const name = `${'x'.repeat(26)}🎉🎉🎉🎉🎉🎉🎉`;
    const out = renderSvgExport(tinyJourney({ touchpoint: name, owner: `${'y'.repeat(20)}${'😀'.repeat(20)}` }));
    checkXml(out);
  });
});

suite('render: HTML export', () => {
  test('self-contained page: CSP meta, no script, no remote resources, balanced tags', () => {
    for (const j of [demo(), ...samples().map((s) => journeyOf(s.text))]) {
      const out = renderHtmlExport(j);
      assert.ok(out.startsWith('<!DOCTYPE html>\n'));
      assert.ok(out.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`), 'CSP meta');
      // The CSP meta comes before anything that could load.
      assert.ok(out.indexOf('Content-Security-Policy') < out.indexOf('<style>'));
      assert.ok(!/<script/i.test(out), 'no <script');
      const els = checkHtml(out);
      assert.deepStrictEqual(els.filter((e) => e.tag === 'script' || e.tag === 'link' || e.tag === 'img' || e.tag === 'iframe'), []);
      for (const e of els) for (const a of Object.keys(e.attrs)) assert.ok(!dangerousAttribute(a), `<${e.tag} ${a}="${e.attrs[a]}">`);
      const urls = out.match(/https?:\/\/[^\s"'<>)]*/g) ?? [];
      for (const u of urls) assert.ok(NAMESPACE_URLS.has(u), `URL ${u}`);
      assert.ok(!/url\(|@import/i.test(out), 'no url() or @import in the CSS');
      assert.strictEqual(els.filter((e) => e.tag === 'button' && (e.attrs.class ?? '').split(' ').includes('card')).length, placements(j));
      assert.ok(!out.includes('data-action'), 'no controls in the export');
    }
  });

  test('user text is escaped in the page and its <title>', () => {
    const y = DEMO.replace('title: Render demo', `title: "</title><script>alert(1)</script>"`).replace('name: Kickoff call', `name: "<img src=x onerror=alert(1)>"`);
    const out = renderHtmlExport(journeyOf(y));
    assert.ok(!/<script/i.test(out));
    assert.ok(!/<img/i.test(out));
    assert.ok(out.includes('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; — journey map</title>'));
    assert.ok(out.includes('&lt;img src=x onerror=alert(1)&gt;'));
    checkHtml(out);
  });
});
