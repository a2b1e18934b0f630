/**
 * The journey map renderer (pure code, no DOM): the element tree and its escaping
 * (`tree.ts`), the map (`renderJourneyMap`: cards, spans and references, finding
 * badges and the findings panel, gaps, emotion row, legend, summary, banner), the
 * short finding labels and message spans (`labels.ts`), and the HTML and SVG exports.
 * Every expectation is derived from the journey model (or written out by hand), never
 * from the layout module's output. The table's geometry is in layout.test.ts; the
 * Mermaid export has its own tests (mermaid.test.ts).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { JourneyFinding, JourneyModel } from '../../server/src/core/journey';
import { ALL_RULES } from '../../server/src/core/rules';
import { renderHtmlExport, renderSvgExport } from '../../server/src/core/render/exports';
import { MapOptions, renderJourneyMap } from '../../server/src/core/render/journeyMap';
import { findingLabel, messageNodes, plainMessage } from '../../server/src/core/render/labels';
import { JOURNEY_CSS } from '../../server/src/core/render/style';
import { ALLOWED_ATTRIBUTES, h, toMarkup, VNode } from '../../server/src/core/render/tree';
import { escapeXml } from '../../server/src/core/text';
import { dedent, journeyOf, repoRoot, samples } from './helpers';
import { all, classes, find, hasClass, isNode, one, text } from './tree';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

let sampleJourneys: { name: string; j: JourneyModel }[] | undefined;
/** The samples' journeys, built once for the whole file. */
function sampleModels(): { name: string; j: JourneyModel }[] {
  sampleJourneys ??= samples().map((s) => ({ name: s.name, j: journeyOf(s.text) }));
  return sampleJourneys;
}

/** The text a browser shows for some HTML: tags dropped, character references decoded. */
function markupText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
}

function occurrences(hay: string, needle: string): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0 && needle; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Touchpoint index by id (first with that id). */
function tp(j: JourneyModel, id: string): number {
  const i = j.touchpoints.findIndex((t) => t.id === id);
  assert.ok(i >= 0, `touchpoint ${id}`);
  return i;
}

function cardOf(root: VNode, j: JourneyModel, id: string): VNode {
  return one(root, 'div', 'card', { 'data-index': String(tp(j, id)) });
}

/** The icon an element shows: the drawing its `<use>` points to, or its own paths. */
function iconOf(n: VNode): string {
  const svg = find(n, 'svg', 'icon')[0];
  assert.ok(svg, `an icon in ${n.attrs.class}`);
  const use = find(svg, 'use')[0];
  return use ? `use:${use.attrs.href}` : JSON.stringify(find(svg, 'path').map((p) => p.attrs.d));
}

/** Words of a short label once the names of stages (which may be several words) and counts ("2 stages") count as one. */
function labelWords(label: string, j?: JourneyModel): string[] {
  let s = label;
  for (const st of [...(j?.stages ?? [])].sort((a, b) => b.name.length - a.name.length)) s = s.split(st.name).join('Stage');
  return s.replace(/\b\d+ (\w+)/g, 'N-$1').split(/\s+/).filter(Boolean);
}

/** A YAML double-quoted scalar holding exactly `s`. */
function yamlString(s: string): string {
  const chars = Array.from(s).map((c) => {
    const n = c.codePointAt(0)!;
    if (c === '"' || c === '\\') return `\\${c}`;
    if (n >= 0x20 && n < 0x7f) return c;
    return n > 0xffff ? `\\U${n.toString(16).padStart(8, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
  return `"${chars.join('')}"`;
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

/**
 * Tokenizes an HTML page (raw text in <style>/<title>), checks tags balance, returns the elements.
 * An end tag right after a void element's start tag (`<col></col>`) is tolerated here (browsers
 * ignore it); the toMarkup suite checks void elements on their own.
 */
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
      const last = elements[elements.length - 1];
      if (HTML_VOID.has(close[1].toLowerCase()) && last?.tag === close[1].toLowerCase() && s.slice(lt - last.raw.length, lt) === last.raw) {
        pos = lt + close[0].length;
        continue;
      }
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


/** An attribute that could load a resource, run script or inject style (`href` only as a same-page `#fragment`). */
function dangerous(name: string, value: string): boolean {
  if (name.toLowerCase() === 'href' && /^#[A-Za-z0-9_-]+$/.test(value)) return false;
  return dangerousAttribute(name);
}

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
      name: Renewal time
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
      capacity: 40
  segments:
    - id: enterprise
      name: Enterprise
      owner: csm
      size: 25
    - id: smb
      name: SMB
      engagement: low-touch
      owner: ops
      size: 40
    - id: self-serve
      name: Self-serve
      engagement: no-touch
    - id: partners
      name: Partners
      engagement: hybrid
  triggers:
    - id: signed
      type: event
      event: contract.signed
  touchpoints:
    - id: welcome
      name: Welcome email
      description: Sent as soon as the contract is signed.
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
      stage: adopt
      segments: [enterprise, smb]
      channel: in-app
      owner: bot
    - id: renewal-call
      name: Renewal call
      stage: renew
      segments: [enterprise, self-serve]
      channel: phone
      owner: ops
      trigger: signed
      within: 2w
      kpis: [churn]
      emotion: -1
    - id: partner-qbr
      name: Partner QBR
      stage: renew
      segments: [partners]
      channel: qbr
      owner: ghost
      kpis: [retention-x]
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

function demo(): JourneyModel {
  return journeyOf(DEMO);
}

function map(j: JourneyModel, options: Partial<MapOptions> = {}): VNode {
  return renderJourneyMap(j, { lanes: 'segment', ...options });
}

/** The lane key of each track row of the table body, in order. */
function trackLanes(root: VNode): string[] {
  return find(one(root, 'tbody'), 'tr', 'track').map((tr) => tr.attrs['data-lane']);
}

function laneHead(root: VNode, lane: string): VNode {
  return one(root, 'th', 'lane-head', { 'data-lane': lane });
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

  test('href survives only as a same-document fragment (icon references)', () => {
    assert.strictEqual(toMarkup(h('use', { href: '#jm-i-email' })), '<use href="#jm-i-email"></use>');
    for (const href of ['javascript:alert(1)', 'http://example.com/#a', '#a b', '#a" onload="alert(1)', '#', 'data:image/svg+xml,<svg onload=alert(1)>', '//evil.example/x.svg#a', '#a\nb']) {
      assert.strictEqual(toMarkup(h('use', { href })), '<use></use>', `href ${JSON.stringify(href)}`);
      assert.strictEqual(toMarkup(h('a', { href }), true), '<a/>', `href ${JSON.stringify(href)} in XML`);
    }
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
    // The map's table has a <colgroup> of <col>s: `</col>` is not HTML.
    for (const tag of ['col', 'img', 'input', 'hr']) assert.strictEqual(toMarkup(h(tag, { class: 'x' })), `<${tag} class="x">`, `<${tag}> is void`);
    assert.strictEqual(toMarkup(h('span')), '<span></span>');
    assert.strictEqual(toMarkup(h('rect', { x: 1 }), true), '<rect x="1"/>');
  });
});


// ---------------------------------------------------------------------------
// journeyMap.ts: cards, spans, references
// ---------------------------------------------------------------------------

suite('render: cards', () => {
  test('the title is the touchpoint\'s name; without a name, its id', () => {
    const j = demo();
    const m = map(j);
    assert.strictEqual(text(one(cardOf(m, j, 'kickoff'), 'span', 'card-name')), 'Kickoff call');
    assert.strictEqual(text(one(cardOf(m, j, 'welcome'), 'span', 'card-name')), 'Welcome email');
    assert.strictEqual(text(one(cardOf(m, j, 'tours'), 'span', 'card-name')), 'tours');
    // Nowhere on a card is the id shown in place of an existing name.
    assert.ok(!text(cardOf(m, j, 'kickoff')).includes('kickoff'));
  });

  test('channel icon, humanized channel and owner on one line', () => {
    const j = demo();
    const m = map(j);
    const line = (id: string) => text(one(cardOf(m, j, id), 'span', 'card-line'));
    assert.strictEqual(line('kickoff'), 'Video call · Casey CSM');
    assert.strictEqual(line('welcome'), 'Email · Journey bot');
    assert.strictEqual(line('tours'), 'In app · Journey bot');
    assert.strictEqual(line('renewal-call'), 'Phone · Ops team');
    // An owner that does not exist is shown by the id the file gives.
    assert.strictEqual(line('partner-qbr'), 'QBR · ghost');
    const icons = ['kickoff', 'welcome', 'tours', 'renewal-call', 'partner-qbr'].map((id) => iconOf(one(cardOf(m, j, id), 'span', 'card-line')));
    assert.strictEqual(new Set(icons).size, icons.length, `one icon per channel: ${icons}`);
  });

  test('the same channel has the same icon everywhere; a missing or unknown channel gets the generic icon', () => {
    const j = journeyOf(DEMO.replace('    channel: in-app\n', '').replace('channel: qbr', 'channel: fax'));
    const m = map(j);
    const icon = (id: string) => iconOf(one(cardOf(m, j, id), 'span', 'card-line'));
    assert.strictEqual(icon('tours'), icon('partner-qbr'), 'no channel and an unknown channel: the same generic icon');
    assert.notStrictEqual(icon('tours'), icon('welcome'));
    assert.strictEqual(text(one(cardOf(m, j, 'tours'), 'span', 'card-line')), 'No channel · Journey bot');
    const lanes = map(j, { lanes: 'channel' });
    assert.strictEqual(iconOf(one(laneHead(lanes, 'email'), 'span', 'lane-top')), icon('welcome'), 'channel lane and card share the icon');
  });

  test('owner type: colour class and badge (human, team, automation; unknown owner)', () => {
    const j = demo();
    const m = map(j);
    const expect: [string, string, string][] = [
      ['kickoff', 'owner-human', 'human'],
      ['renewal-call', 'owner-team', 'team'],
      ['welcome', 'owner-automation', 'auto'],
      ['tours', 'owner-automation', 'auto'],
      ['partner-qbr', 'owner-unknown', '?'],
    ];
    for (const [id, cls, badge] of expect) {
      const c = cardOf(m, j, id);
      assert.ok(hasClass(c, cls), `${id}: ${c.attrs.class}`);
      assert.strictEqual(classes(c).filter((k) => k.startsWith('owner-')).length, 1, `${id}: one owner class`);
      const b = one(c, 'span', 'otype');
      assert.ok(hasClass(b, cls), `${id} badge: ${b.attrs.class}`);
      assert.strictEqual(text(b), badge);
      assert.ok(find(b, 'svg', 'icon').length === 1, `${id}: owner type icon`);
    }
  });

  test('one muted line for trigger and SLA', () => {
    const j = demo();
    const m = map(j);
    const when = (id: string) => find(cardOf(m, j, id), 'span', 'card-when').map(text);
    assert.deepStrictEqual(when('welcome'), ['On contract.signed']);
    assert.deepStrictEqual(when('kickoff'), ['within 5d']);
    assert.deepStrictEqual(when('renewal-call'), ['On contract.signed · within 2w']);
    assert.deepStrictEqual(when('tours'), []);
  });

  test('KPI tags: the names of the KPIs it moves (the id when the KPI does not exist)', () => {
    const j = demo();
    const m = map(j);
    const tags = (id: string) => find(cardOf(m, j, id), 'span', 'tag').filter((t) => !hasClass(t, 'span-tag')).map(text);
    assert.deepStrictEqual(tags('welcome'), ['Activation rate']);
    assert.deepStrictEqual(tags('kickoff'), ['Activation rate']);
    assert.deepStrictEqual(tags('renewal-call'), ['Gross churn']);
    assert.deepStrictEqual(tags('partner-qbr'), ['retention-x']);
    assert.deepStrictEqual(tags('tours'), []);
  });

  test('description on the card; source range and lines for click-to-reveal', () => {
    const j = demo();
    const m = map(j);
    assert.deepStrictEqual(find(cardOf(m, j, 'welcome'), 'span', 'card-desc').map(text), ['Sent as soon as the contract is signed.']);
    assert.deepStrictEqual(find(cardOf(m, j, 'kickoff'), 'span', 'card-desc'), []);
    const t = j.touchpoints[tp(j, 'kickoff')];
    const c = cardOf(m, j, 'kickoff');
    const r = t.idRange!;
    assert.strictEqual(c.attrs['data-range'], `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`);
    assert.strictEqual(c.attrs['data-line'], String(t.range!.start.line));
    assert.strictEqual(c.attrs['data-end-line'], String(t.range!.end.line));
    assert.strictEqual(c.attrs['data-kind'], 'touchpoint');
  });

  test('compact density: class on the root; the stylesheet hides descriptions and tags there', () => {
    const j = demo();
    const root = (o: Partial<MapOptions>) => map(j, o);
    assert.ok(hasClass(root({}), 'density-comfortable') && !hasClass(root({}), 'density-compact'));
    assert.ok(hasClass(root({ density: 'compact' }), 'density-compact') && !hasClass(root({ density: 'compact' }), 'density-comfortable'));
    assert.ok(hasClass(root({ density: 'comfortable' }), 'density-comfortable'));
    // The same cards either way: density is the stylesheet's business.
    assert.strictEqual(find(root({ density: 'compact' }), 'span', 'card-desc').length, find(root({}), 'span', 'card-desc').length);
    const hidden = new Set<string>();
    for (const rule of JOURNEY_CSS.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
      if (!/display:\s*none/.test(rule[2])) continue;
      for (const sel of rule[1].split(',')) hidden.add(sel.trim().replace(/\s+/g, ' '));
    }
    for (const sel of ['.density-compact .card-desc', '.density-compact .card-tags']) assert.ok(hidden.has(sel), `${sel} { display: none }`);
  });

  test('the selected touchpoint: exactly its card (and its references) marked', () => {
    const j = demo();
    const call = tp(j, 'renewal-call');
    const m = map(j, { selected: call });
    const sel = find(m, undefined, 'selected');
    assert.deepStrictEqual(sel.map((n) => `${n.tag}:${n.attrs['data-index']}`).sort(), [`button:${call}`, `div:${call}`]);
    assert.strictEqual(cardOf(m, j, 'renewal-call').attrs['aria-current'], 'true');
    assert.deepStrictEqual(find(map(j), undefined, 'selected'), []);
    assert.deepStrictEqual(find(map(j), undefined, undefined, { 'aria-current': 'true' }), []);
  });

  test('every card shows its touchpoint\'s findings as badges, and nothing else', () => {
    for (const { name, j } of [{ name: 'demo', j: demo() }, ...sampleModels()]) {
      const m = map(j);
      for (const c of find(m, 'div', 'card')) {
        const t = j.touchpoints[Number(c.attrs['data-index'])];
        const ids = find(c, 'button', 'fbadge').map((b) => Number(b.attrs['data-finding']));
        assert.deepStrictEqual(ids.sort(), t.findings.map((f) => f.id).sort(), `${name}: badges on ${t.name}`);
      }
    }
  });
});

suite('render: spans and references', () => {
  test('a touchpoint reaching adjacent segments: one card in a cell spanning them', () => {
    const j = demo();
    const m = map(j);
    const lanes = trackLanes(m);
    const cellOf = (id: string) => {
      const cells = find(m, 'td', 'cell').filter((td) => find(td, 'div', 'card', { 'data-index': String(tp(j, id)) }).length);
      assert.strictEqual(cells.length, 1, `${id}: one cell with its card`);
      return cells[0];
    };
    // No `segments`: every segment, all adjacent.
    const welcome = cellOf('welcome');
    assert.ok(hasClass(welcome, 'span-cell'));
    assert.strictEqual(welcome.attrs['data-lanes'], 'enterprise smb self-serve partners');
    const welcomeRows = Number(welcome.attrs.rowspan);
    assert.ok(welcomeRows >= 4 && welcomeRows <= lanes.length, `rowspan ${welcomeRows} over ${lanes.length} rows`);
    const tours = cellOf('tours');
    assert.strictEqual(tours.attrs['data-lanes'], 'enterprise smb');
    assert.strictEqual(find(m, 'div', 'card', { 'data-index': String(tp(j, 'tours')) }).length, 1);
    assert.match(text(one(cardOf(m, j, 'tours'), 'span', 'span-tag')), /2 segments/);
    // A single lane: no span.
    assert.ok(!hasClass(cellOf('kickoff'), 'span-cell'));
    assert.strictEqual(cellOf('kickoff').attrs['data-lanes'], undefined);
  });

  test('non-adjacent segments: one card and a reference naming where the card is', () => {
    const j = demo();
    const m = map(j);
    const i = tp(j, 'renewal-call');
    assert.strictEqual(find(m, 'div', 'card', { 'data-index': String(i) }).length, 1);
    const ref = one(m, 'button', 'ref', { 'data-index': String(i) });
    assert.strictEqual(text(ref), 'Renewal call');
    assert.strictEqual(ref.attrs['data-kind'], 'ref');
    const refCell = find(m, 'td', 'cell').find((td) => find(td, 'button', 'ref').includes(ref))!;
    assert.strictEqual(refCell.attrs['data-lane'], 'self-serve');
    assert.strictEqual(refCell.attrs['data-stage'], 'renew');
    assert.match(text(refCell), /Enterprise/, 'the reference says which lane holds the card');
    assert.match(text(one(cardOf(m, j, 'renewal-call'), 'span', 'card-also')), /Self-serve/, 'the card says where else it reaches');
  });

  test('two touchpoints reaching every segment: one spanning cell holding both cards', () => {
    const j = journeyOf(DEMO.replace('    segments: [enterprise]\n    channel: video-call', '    channel: video-call'));
    const m = map(j);
    const land = find(m, 'td', 'cell', { 'data-stage': 'land' });
    assert.strictEqual(land.length, 1);
    assert.ok(hasClass(land[0], 'span-cell'));
    assert.deepStrictEqual(find(land[0], 'div', 'card').map((c) => j.touchpoints[Number(c.attrs['data-index'])].id), ['welcome', 'kickoff']);
    assert.strictEqual(Number(land[0].attrs.rowspan), trackLanes(m).length);
    assert.match(text(one(land[0], 'span', 'span-note')), /all 4 segments/);
  });

  test('no segments in the playbook: one "All accounts" lane', () => {
    const j = journeyOf(DEMO.replace(/^segments:\n(?: {2}.*\n)+/m, 'segments: []\n').replace(/ {4}segments: \[.*\]\n/g, ''));
    assert.deepStrictEqual(j.segments, []);
    const m = map(j);
    const heads = find(m, 'th', 'lane-head');
    assert.strictEqual(heads.length, 1);
    assert.strictEqual(text(one(heads[0], 'span', 'lane-name')), 'All accounts');
    assert.strictEqual(find(m, 'div', 'card').length, j.touchpoints.length);
    assert.strictEqual(find(m, 'button', 'ref').length, 0);
  });
});

// ---------------------------------------------------------------------------
// Findings: badges, panel, labels
// ---------------------------------------------------------------------------

/** One playbook with findings of many rules and data shapes the samples do not have. */
const CORPUS = dedent(`
  playbook: corpus
  title: Corpus
  version: many
  framework: laer
  engagement: high-touch
  rules:
    coverage-gap: loud
  stages:
    - id: onboard
  owners:
    - id: csm
      type: human
    - id: bot
      type: automation
    - id: idle
      type: team
  segments:
    - id: enterprise
    - id: smb
  triggers:
    - id: unused-trigger
      type: manual
  touchpoints:
    - id: nag
      stage: land
      segments: [enterprise]
      channel: email
      owner: bot
    - id: nag-2
      stage: adopt
      segments: [enterprise, nowhere-segment]
      channel: fax
      owner: bot
    - id: kick
      stage: nowhere-stage
      chanel: email
      owner: csm
    - id: typo
      stage: renew
      channel: email
      owner: csm
      trigger: no-such-trigger
      kpis: [no-such-kpi]
      escalatesTo: no-such-touchpoint
    - stage: expand
      owner: csm
      channel: chat
`);

/** Journeys with findings: the demo, the corpus and every sample. */
function findingJourneys(): { name: string; j: JourneyModel }[] {
  return [{ name: 'demo', j: demo() }, { name: 'corpus', j: journeyOf(CORPUS) }, ...sampleModels()];
}

/** A short label: 2–4 words (a stage name counts as one), at most 40 characters, no sentence punctuation or code. */
function checkLabel(label: string, f: JourneyFinding, j: JourneyModel | undefined, where: string): void {
  const words = labelWords(label, j);
  assert.ok(words.length >= 2 && words.length <= 4, `${where}: ${f.ruleId} label ${JSON.stringify(label)} has ${words.length} words`);
  assert.ok(words.join(' ').length <= 40, `${where}: ${f.ruleId} label ${JSON.stringify(label)} is long`);
  assert.ok(!/[.`\n:;]/.test(label), `${where}: ${f.ruleId} label ${JSON.stringify(label)} has sentence punctuation or code`);
  assert.ok(/^[A-Z0-9]/.test(label), `${where}: ${f.ruleId} label ${JSON.stringify(label)} starts with a capital`);
  assert.notStrictEqual(label, plainMessage(f.message));
}

suite('render: finding badges and the findings panel', () => {
  test('badges show the short label (never the message) and point to their finding', () => {
    for (const { name, j } of findingJourneys()) {
      for (const lanes of ['segment', 'channel', 'owner'] as const) {
        const badges = find(map(j, { lanes, interactive: true }), 'button', 'fbadge');
        for (const b of badges) {
          const f = j.allFindings[Number(b.attrs['data-finding'])];
          assert.ok(f, `${name}: data-finding ${b.attrs['data-finding']}`);
          assert.strictEqual(f.id, Number(b.attrs['data-finding']));
          assert.ok(hasClass(b, f.severity), `${name}: badge class ${b.attrs.class} for a ${f.severity}`);
          assert.strictEqual(text(one(b, 'span', 'fbadge-label')), findingLabel(f, j));
          assert.ok(!text(b).includes(plainMessage(f.message)), `${name}: badge text holds the message`);
          assert.strictEqual(find(b, undefined, 'fp-msg').length, 0);
        }
        if (name === 'gaps.playbook.yaml' && lanes === 'segment') assert.ok(badges.length >= 10, `${name}: ${badges.length} badges`);
      }
    }
  });

  test('labels of the gaps sample: "Over capacity", "Only automated in Adopt", "Unknown owner", "Not covered"…', () => {
    const j = sampleModels().find((s) => s.name === 'gaps.playbook.yaml')!.j;
    const labels = new Map<string, string[]>();
    for (const f of j.allFindings) labels.set(f.ruleId, [...(labels.get(f.ruleId) ?? []), findingLabel(f, j)]);
    assert.deepStrictEqual(labels.get('owner-over-capacity'), ['Over capacity']);
    assert.deepStrictEqual(labels.get('touch-mismatch')?.sort(), ['Only automated in Adopt', 'Person on no-touch']);
    assert.deepStrictEqual(labels.get('unknown-reference'), ['Unknown owner']);
    assert.deepStrictEqual(labels.get('coverage-gap'), ['Not covered', 'Not covered']);
    assert.deepStrictEqual(labels.get('stage-without-touchpoint'), ['No touchpoint in Expand']);
    assert.deepStrictEqual(labels.get('unused-definition'), ['Unused owner', 'Unused trigger']);
    assert.deepStrictEqual(labels.get('duplicate-id'), ['Duplicate id']);
  });

  test('each message appears exactly once as text in the whole markup: in the findings panel', () => {
    for (const { name, j } of findingJourneys()) {
      for (const options of [{ lanes: 'segment' as const }, { lanes: 'owner' as const, interactive: true }, { lanes: 'channel' as const, filter: { segment: j.segments[0]?.key } }]) {
        const shown = markupText(toMarkup(map(j, options)));
        for (const f of j.allFindings) {
          const msg = plainMessage(f.message);
          const expected = j.allFindings.reduce((n, g) => n + occurrences(plainMessage(g.message), msg), 0);
          assert.strictEqual(occurrences(shown, msg), expected, `${name} ${JSON.stringify(options)}: ${JSON.stringify(msg)} appears ${occurrences(shown, msg)} times`);
        }
      }
    }
  });

  test('the panel: one item per finding, grouped by severity (errors, warnings, infos)', () => {
    for (const { name, j } of findingJourneys()) {
      const m = map(j);
      const panel = one(m, 'aside', 'jm-findings');
      const items = find(panel, 'button', 'fp-item');
      assert.deepStrictEqual(items.map((b) => Number(b.attrs['data-finding'])).sort((a, b) => a - b), j.allFindings.map((f) => f.id), `${name}: one .fp-item per finding`);
      assert.strictEqual(find(m, 'button', 'fp-item').length, items.length, 'items only in the panel');
      assert.strictEqual(text(one(panel, 'span', 'fp-count')), String(j.allFindings.length));
      const groups = find(panel, 'details', 'fp-group');
      const order = ['error', 'warning', 'info'].filter((s) => j.allFindings.some((f) => f.severity === s));
      assert.deepStrictEqual(groups.map((g) => classes(g).find((c) => order.includes(c))), order, `${name}: groups in severity order`);
      for (const g of groups) {
        const sev = classes(g).find((c) => order.includes(c))!;
        const inGroup = find(g, 'button', 'fp-item');
        assert.ok(inGroup.every((b) => j.allFindings[Number(b.attrs['data-finding'])].severity === sev), `${name}: only ${sev}s in the ${sev} group`);
        assert.strictEqual(text(one(g, 'span', 'fp-group-count')), String(j.allFindings.filter((f) => f.severity === sev).length));
        assert.strictEqual(g.attrs.open, '', 'groups open');
      }
      for (const b of items) {
        const f = j.allFindings[Number(b.attrs['data-finding'])];
        assert.strictEqual(text(one(b, 'span', 'fp-label')), findingLabel(f, j));
        assert.strictEqual(text(one(b, 'span', 'fp-msg')), plainMessage(f.message));
        assert.strictEqual(text(one(b, 'span', 'fp-rule')), f.ruleId);
        assert.strictEqual(text(one(b, 'span', 'fp-line')), `L${f.range.start.line + 1}`);
        assert.strictEqual(b.attrs['data-range'], `${f.range.start.line}:${f.range.start.character}:${f.range.end.line}:${f.range.end.character}`);
      }
    }
  });

  test('the panel of a clean playbook says so; findingsOpen: false folds it', () => {
    const j = sampleModels().find((s) => s.name === 'laer.playbook.yaml')!.j;
    assert.deepStrictEqual(j.allFindings, []);
    const m = map(j);
    assert.strictEqual(find(one(m, 'aside', 'jm-findings'), 'p', 'fp-empty').length, 1);
    assert.deepStrictEqual(find(m, 'details', 'fp-group'), []);
    assert.ok(hasClass(map(demo()), 'panel-open'));
    assert.ok(hasClass(map(demo(), { findingsOpen: true }), 'panel-open'));
    assert.ok(!hasClass(map(demo(), { findingsOpen: false }), 'panel-open'));
  });

  test('code spans in messages are drawn as <code>, never as raw backticks', () => {
    let spans = 0;
    for (const { name, j } of findingJourneys()) {
      const m = map(j);
      for (const f of j.allFindings) {
        const codes = messageNodes(f.message).filter(isNode);
        const msg = one(one(m, 'button', 'fp-item', { 'data-finding': String(f.id) }), 'span', 'fp-msg');
        assert.deepStrictEqual(find(msg, 'code').map(text), codes.map(text), `${name}: code spans of ${JSON.stringify(f.message)}`);
        if (codes.length) {
          spans += codes.length;
          const prose = msg.children.filter((c): c is string => typeof c === 'string').join('');
          assert.ok(!prose.includes('`'), `${name}: raw backtick in ${JSON.stringify(text(msg))}`);
          assert.match(toMarkup(msg), /<code>[^<]+<\/code>/);
        }
      }
    }
    assert.ok(spans > 30, `messages with code spans were seen (${spans})`);
  });

  test('a value holding a backtick stays inside its code span in the panel', () => {
    // The messages quote values with code spans; a value with a backtick must not end the span early.
    const j = journeyOf(DEMO.replace('owner: ghost', 'owner: "gh`ost"'));
    const about = j.allFindings.filter((f) => f.message.includes('gh`ost'));
    assert.ok(about.length > 0, 'findings quote the value');
    const m = map(j);
    for (const f of about) {
      const msg = one(one(m, 'button', 'fp-item', { 'data-finding': String(f.id) }), 'span', 'fp-msg');
      assert.ok(find(msg, 'code').some((c) => text(c) === 'gh`ost'), `the value is one code span: ${toMarkup(msg)}`);
      const prose = msg.children.filter((c): c is string => typeof c === 'string').join('');
      assert.ok(!prose.includes('`'), `raw backtick in ${toMarkup(msg)}`);
    }
  });

  test('lanes show their segment\'s or owner\'s findings; coverage gaps only in the cells they name', () => {
    const j = demo();
    const m = map(j);
    const ids = (n: VNode) => find(n, 'button', 'fbadge').map((b) => j.allFindings[Number(b.attrs['data-finding'])]);
    const ent = ids(laneHead(m, 'enterprise'));
    assert.deepStrictEqual(ent.map((f) => f.ruleId).sort(), ['owner-over-capacity', 'touch-mismatch']);
    assert.deepStrictEqual(ent.map((f) => findingLabel(f, j)).sort(), ['Only automated in Adopt', 'Over capacity']);
    for (const lane of ['smb', 'self-serve', 'partners']) assert.ok(!ids(laneHead(m, lane)).some((f) => f.ruleId === 'coverage-gap'), `${lane}: no coverage gap on the lane head`);
  });
});

suite('render: finding labels and message spans (labels.ts)', () => {
  test('every finding of the samples, the demo and the corpus has a short label', () => {
    const seen = new Set<string>();
    for (const { name, j } of findingJourneys()) {
      for (const f of j.allFindings) {
        checkLabel(findingLabel(f, j), f, j, name);
        seen.add(f.ruleId);
      }
    }
    const semantic = ALL_RULES.map((r) => r.id).filter((id) => !['syntax', 'internal-error'].includes(id));
    assert.deepStrictEqual(semantic.filter((id) => !seen.has(id)), [], 'every rule but syntax and internal-error is exercised');
  });

  test('labels by rule and data', () => {
    const j = journeyOf(CORPUS);
    const labels = j.allFindings.map((f) => `${f.ruleId}: ${findingLabel(f, j)}`);
    for (const want of [
      'schema: Missing id',
      'schema: Unknown key',
      'schema: Value not allowed',
      'schema: Invalid value',
      'unknown-reference: Unknown stage',
      'unknown-reference: Unknown segment',
      'unknown-reference: Unknown trigger',
      'unknown-reference: Unknown KPI',
      'unknown-reference: Unknown touchpoint',
      'unused-definition: Unused owner',
      'unused-definition: Unused trigger',
      'stage-not-in-framework: Not in framework',
      'touch-mismatch: Only automated in 2 stages',
    ]) assert.ok(labels.includes(want), `${want} in ${JSON.stringify(labels, null, 1)}`);
  });

  test('every rule id has a short label even without data, and the stage name when it has one', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const j = demo();
    for (const r of ALL_RULES) {
      const f: JourneyFinding = { id: 0, ruleId: r.id, severity: r.defaultSeverity as JourneyFinding['severity'], message: 'A long message. It has `code` and two sentences.', range };
      checkLabel(findingLabel(f), f, undefined, r.id);
      checkLabel(findingLabel({ ...f, data: {} }, j), f, j, r.id);
    }
    const f = (ruleId: string, data: Record<string, unknown>): JourneyFinding => ({ id: 0, ruleId, severity: 'warning', message: 'x', range, data });
    assert.strictEqual(findingLabel(f('stage-without-touchpoint', { stage: 'renew' }), j), 'No touchpoint in Renewal time');
    assert.strictEqual(findingLabel(f('stage-without-touchpoint', { stage: 'renew' })), 'No touchpoint in renew');
    assert.strictEqual(findingLabel(f('touch-mismatch', { segment: 'enterprise', stages: ['adopt'] }), j), 'Only automated in Adopt');
    assert.strictEqual(findingLabel(f('touch-mismatch', { segment: 'enterprise', stages: ['adopt', 'renew', 'land'] }), j), 'Only automated in 3 stages');
    assert.strictEqual(findingLabel(f('touch-mismatch', { touchpoint: 't', segments: ['self-serve'] }), j), 'Person on no-touch');
    assert.strictEqual(findingLabel(f('unknown-reference', { kind: 'owner', id: 'x' })), 'Unknown owner');
    assert.strictEqual(findingLabel(f('unknown-reference', { kind: 'kpi', id: 'x' })), 'Unknown KPI');
    assert.strictEqual(findingLabel(f('unknown-reference', { kind: 'something-new', id: 'x' })), 'Unknown reference');
    assert.strictEqual(findingLabel(f('schema', { missingKey: 'owner' })), 'Missing owner');
    assert.strictEqual(findingLabel(f('owner-over-capacity', { owner: 'csm', load: 25, limit: 10 })), 'Over capacity');
    checkLabel(findingLabel(f('some-future-rule', {})), f('some-future-rule', {}), undefined, 'unknown rule');
  });

  test('messageNodes: text and <code> spans', () => {
    const show = (s: string) => messageNodes(s).map((c) => (typeof c === 'string' ? c : `<${c.tag}>${text(c)}`));
    assert.deepStrictEqual(show(''), []);
    assert.deepStrictEqual(show('plain text'), ['plain text']);
    assert.deepStrictEqual(show('Stage `expand` has no touchpoint.'), ['Stage ', '<code>expand', ' has no touchpoint.']);
    assert.deepStrictEqual(show('`a` and `b`'), ['<code>a', ' and ', '<code>b']);
    // An unpaired backtick stays text.
    assert.deepStrictEqual(show('a ` b'), ['a ` b']);
    assert.deepStrictEqual(show('x `y` z `'), ['x ', '<code>y', ' z `']);
    assert.deepStrictEqual(show('``'), ['``']);
    assert.deepStrictEqual(show('a `` b'), ['a `` b']);
    // Double backticks hold a single one; one space of padding is stripped.
    assert.deepStrictEqual(show('use ``a`b`` here'), ['use ', '<code>a`b', ' here']);
    assert.deepStrictEqual(show('`` `x` ``'), ['<code>`x`']);
    assert.deepStrictEqual(show('``a``'), ['<code>a']);
    // A run of one length is not closed by a run of another.
    assert.deepStrictEqual(show('`a``b`'), ['<code>a``b']);
    assert.deepStrictEqual(show('`a`` b'), ['`a`` b']);
    // Only spaces: kept as they are.
    assert.deepStrictEqual(show('` `'), ['<code> ']);
    // Markup in a message is text inside the code element.
    assert.strictEqual(toMarkup(h('span', {}, messageNodes('Owner `<img src=x>` & co'))), '<span>Owner <code>&lt;img src=x&gt;</code> &amp; co</span>');
  });

  test('plainMessage drops the backticks of code spans only', () => {
    assert.strictEqual(plainMessage('Stage `expand` has no touchpoint.'), 'Stage expand has no touchpoint.');
    assert.strictEqual(plainMessage('use ``a`b`` here'), 'use a`b here');
    assert.strictEqual(plainMessage('a ` b'), 'a ` b');
    assert.strictEqual(plainMessage(''), '');
  });
});

// ---------------------------------------------------------------------------
// Gaps, emotion row, stage and lane heads
// ---------------------------------------------------------------------------

suite('render: gaps', () => {
  test('a stage without touchpoints is one hatched cell over the whole body, with one short label', () => {
    const j = demo();
    for (const lanes of ['segment', 'channel', 'owner'] as const) {
      const m = map(j, { lanes });
      const cells = find(m, 'td', undefined, { 'data-stage': 'expand' });
      assert.strictEqual(cells.length, 1, `${lanes}: one cell in the expand column`);
      const gap = cells[0];
      assert.ok(hasClass(gap, 'gap') && hasClass(gap, 'stage-gap'), gap.attrs.class);
      assert.strictEqual(Number(gap.attrs.rowspan), trackLanes(m).length, `${lanes}: rowspan = every track row`);
      const label = one(gap, 'span', 'gap-label');
      assert.strictEqual(text(label), 'No touchpoint in Expand');
      assert.strictEqual(find(gap, 'button', 'fbadge').length, 1, 'the stage-without-touchpoint badge, once');
      assert.strictEqual(find(m, 'td', 'stage-gap').length, 1);
    }
    const m = map(j);
    // The stage head is marked, and does not repeat the badge the gap shows.
    assert.deepStrictEqual(find(m, 'th', 'stage').filter((n) => hasClass(n, 'gap')).map((n) => n.attrs['data-stage']), ['expand']);
    assert.deepStrictEqual(find(one(m, 'th', 'stage', { 'data-stage': 'expand' }), 'button', 'fbadge'), []);
  });

  test('with the stage-without-touchpoint rule off, the stage gap still has its short label', () => {
    const j = journeyOf(DEMO.replace('stages:\n', 'rules:\n  stage-without-touchpoint: off\nstages:\n'));
    assert.ok(!j.allFindings.some((f) => f.ruleId === 'stage-without-touchpoint'));
    const gap = one(map(j), 'td', 'stage-gap');
    assert.deepStrictEqual(find(gap, 'span', 'gap-label').map(text), ['No touchpoint in Expand']);
    assert.deepStrictEqual(find(gap, 'button', 'fbadge'), []);
  });

  test('uncovered stage × segment cells are gaps, with a "Not covered" badge where coverage-gap names them', () => {
    for (const { name, j } of [{ name: 'demo', j: demo() }, ...sampleModels()]) {
      const m = map(j);
      const named = new Map<string, number>();
      for (const f of j.allFindings) {
        if (f.ruleId !== 'coverage-gap') continue;
        const seg = j.segments.find((s) => s.id === f.data?.segment)!;
        for (const st of f.data?.stages as string[]) named.set(`${st} ${seg.key}`, f.id);
      }
      for (const st of j.stages) {
        if (!st.touchpointCount) continue;
        for (const seg of j.segments) {
          const reached = j.touchpoints.some((t) => t.stage === st.id && t.segments.includes(seg.key));
          const gaps = find(m, 'td', 'gap', { 'data-stage': st.id, 'data-lane': seg.key });
          assert.strictEqual(gaps.length, reached ? 0 : 1, `${name}: ${st.id} × ${seg.key}`);
          if (reached) continue;
          const badges = find(gaps[0], 'button', 'fbadge');
          const id = named.get(`${st.id} ${seg.key}`);
          assert.deepStrictEqual(badges.map((b) => [b.attrs['data-finding'], text(b)]), id === undefined ? [] : [[String(id), 'Not covered']], `${name}: badge in ${st.id} × ${seg.key}`);
        }
      }
      const notCovered = find(m, 'button', 'fbadge').filter((b) => text(b) === 'Not covered');
      assert.strictEqual(notCovered.length, named.size, `${name}: "Not covered" only in the cells coverage-gap names`);
      assert.deepStrictEqual(find(map(j, { lanes: 'channel' }), 'button', 'fbadge').filter((b) => text(b) === 'Not covered'), [], `${name}: no segment gaps in channel lanes`);
    }
  });

  test('demo: the gaps are where nothing reaches', () => {
    const m = map(demo());
    const gaps = find(m, 'td', 'gap').filter((n) => !hasClass(n, 'stage-gap')).map((n) => `${n.attrs['data-stage']}×${n.attrs['data-lane']}`).sort();
    assert.deepStrictEqual(gaps, ['adopt×partners', 'adopt×self-serve', 'renew×smb']);
  });
});

suite('render: emotion row', () => {
  const EMOTIONS = dedent(`
    playbook: feelings
    title: Feelings
    framework: aarrr
    owners:
      - id: bot
        type: automation
    segments:
      - id: all
    touchpoints:
      - { id: a, stage: acquisition, channel: email, owner: bot, emotion: 2 }
      - { id: b, stage: acquisition, channel: email, owner: bot, emotion: -1 }
      - { id: c, stage: activation, channel: email, owner: bot, emotion: -2 }
      - { id: d, stage: retention, channel: email, owner: bot }
      - { id: e, stage: revenue, channel: email, owner: bot, emotion: 1 }
  `);

  function plot(j: JourneyModel): VNode {
    return one(one(map(j), 'tr', 'emotion-row'), 'td', 'emotion-plot');
  }

  test('one dot per stage with an emotion, at the centre of its column', () => {
    for (const { name, j } of [{ name: 'feelings', j: journeyOf(EMOTIONS) }, { name: 'demo', j: demo() }, ...sampleModels()]) {
      const dots = find(plot(j), 'circle', 'emo-dot');
      const known = j.stages.map((s, i) => ({ s, i })).filter((x) => x.s.emotion !== null);
      assert.strictEqual(dots.length, known.length, `${name}: one dot per stage with an emotion`);
      dots.forEach((d, k) => {
        const { s, i } = known[k];
        assert.ok(Math.abs(parseFloat(d.attrs.cx) - ((i + 0.5) / j.stages.length) * 100) < 0.01 && d.attrs.cx.endsWith('%'), `${name}: ${s.id} at ${d.attrs.cx}`);
        assert.match(text(d), new RegExp(s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      });
      // Higher emotion, higher on the plot (smaller y), inside the drawing.
      const height = Number(one(plot(j), 'svg', 'emo-svg').attrs.height);
      for (let k = 0; k < dots.length; k++) {
        const cy = Number(dots[k].attrs.cy);
        assert.ok(cy - Number(dots[k].attrs.r) >= 0 && cy + Number(dots[k].attrs.r) <= height, `${name}: dot inside the plot`);
        for (let l = 0; l < dots.length; l++) {
          const a = known[k].s.emotion!;
          const b = known[l].s.emotion!;
          if (a > b) assert.ok(cy < Number(dots[l].attrs.cy), `${name}: ${known[k].s.id} above ${known[l].s.id}`);
        }
      }
    }
  });

  test('the stage value is the average of its touchpoints', () => {
    const j = journeyOf(EMOTIONS);
    assert.deepStrictEqual(j.stages.map((s) => s.emotion), [0.5, -2, null, null, 1]);
    const dots = find(plot(j), 'circle', 'emo-dot');
    assert.deepStrictEqual(dots.map((d) => d.attrs.cx), ['10.000%', '30.000%', '90.000%']);
    assert.match(text(dots[0]), /\+0\.5/);
    assert.match(text(dots[1]), /[−-]2\.0/);
  });

  test('solid line between neighbouring stages, dashed across stages without emotion', () => {
    const lines = find(plot(journeyOf(EMOTIONS)), 'line', 'emo-line');
    assert.deepStrictEqual(lines.map((l) => [l.attrs.x1, l.attrs.x2, hasClass(l, 'broken')]), [
      ['10.000%', '30.000%', false],
      ['30.000%', '90.000%', true],
    ]);
    const demoLines = find(plot(demo()), 'line', 'emo-line');
    assert.deepStrictEqual(demoLines.map((l) => [l.attrs.x1, l.attrs.x2, hasClass(l, 'broken')]), [['12.500%', '87.500%', true]]);
  });

  test('axis labels +2, 0, −2; the plot spans every stage column', () => {
    const row = one(map(demo()), 'tr', 'emotion-row');
    const ticks = find(one(row, 'th', 'emotion-head'), 'span', 'emo-tick').map(text);
    assert.strictEqual(ticks.length, 3);
    assert.match(ticks[0], /^\+2\b/);
    assert.match(ticks[1], /^0\b/);
    assert.match(ticks[2], /^[−-]2\b/);
    assert.strictEqual(one(row, 'td', 'emotion-plot').attrs.colspan, '4');
  });

  test('no emotion at all: no dot, no line, and the row says so', () => {
    const j = journeyOf(EMOTIONS.replace(/, emotion: -?\d/g, ''));
    assert.deepStrictEqual(find(plot(j), 'circle'), []);
    assert.deepStrictEqual(find(plot(j), 'line', 'emo-line'), []);
    assert.match(plot(j).attrs['aria-label'], /No expected emotion/);
  });
});

suite('render: stage and lane heads', () => {
  test('one th.stage per stage in lifecycle order, with name, count, goal and KPI chips', () => {
    const m = map(demo());
    const heads = find(m, 'th', 'stage');
    assert.deepStrictEqual(heads.map((n) => n.attrs['data-stage']), ['land', 'adopt', 'expand', 'renew']);
    assert.deepStrictEqual(heads.map((n) => text(one(n, 'span', 'stage-name'))), ['Land', 'Adopt', 'Expand', 'Renewal time']);
    assert.deepStrictEqual(heads.map((n) => text(one(n, 'span', 'stage-count'))), ['2 touchpoints', '1 touchpoint', '0 touchpoints', '2 touchpoints']);
    assert.strictEqual(text(one(heads[3], 'span', 'stage-goal')), 'Renew on time');
    const land = one(heads[0], 'button', 'kpi');
    assert.strictEqual(text(one(land, 'span', 'kpi-name')), 'Activation rate');
    assert.strictEqual(text(one(land, 'span', 'kpi-values')), '40% → 60%');
    assert.ok(!hasClass(land, 'no-target'));
    const renew = one(heads[3], 'button', 'kpi');
    assert.ok(hasClass(renew, 'no-target'));
    assert.match(text(one(renew, 'strong', 'no-target-mark')), /no target/);
    assert.deepStrictEqual(find(heads[1], 'button', 'kpi'), []);
  });

  test('segment lanes: name, engagement, accounts, accountable owner, capacity meter', () => {
    const m = map(demo());
    assert.deepStrictEqual(find(m, 'th', 'lane-head').map((n) => n.attrs['data-lane']), ['enterprise', 'smb', 'self-serve', 'partners']);
    const ent = laneHead(m, 'enterprise');
    assert.strictEqual(text(one(ent, 'span', 'lane-name')), 'Enterprise');
    assert.match(text(ent), /high-touch/, 'engagement inherited from the playbook');
    assert.match(text(ent), /25 accounts/);
    assert.match(text(ent), /Owner Casey CSM/);
    assert.ok(hasClass(one(ent, 'span', 'meter'), 'over'));
    assert.match(text(laneHead(m, 'smb')), /low-touch/);
    assert.ok(!hasClass(one(laneHead(m, 'smb'), 'span', 'meter'), 'over'), 'smb: 40 accounts for a capacity of 40 is not over');
    assert.deepStrictEqual(find(laneHead(m, 'self-serve'), 'span', 'meter'), []);
  });

  test('owner lanes: a capacity meter, "over" when load > capacity × headcount; unknown owners get their own lane', () => {
    const j = demo();
    const m = map(j, { lanes: 'owner' });
    const heads = find(m, 'th', 'lane-head');
    assert.deepStrictEqual(heads.map((n) => text(one(n, 'span', 'lane-name'))), ['Casey CSM', 'Journey bot', 'Ops team', 'No known owner']);
    const csm = one(laneHead(m, 'csm'), 'span', 'meter');
    assert.ok(hasClass(csm, 'over'));
    assert.match(text(csm), /25 \/ 10/);
    assert.deepStrictEqual(find(laneHead(m, 'csm'), 'button', 'fbadge').map(text), ['Over capacity']);
    const ops = one(laneHead(m, 'ops'), 'span', 'meter');
    assert.ok(!hasClass(ops, 'over'));
    assert.match(text(ops), /40 \/ 40/);
    assert.deepStrictEqual(find(laneHead(m, 'bot'), 'span', 'meter'), [], 'no capacity, no meter');
    assert.deepStrictEqual(heads.map((n) => find(n, 'span', 'otype').map((b) => classes(b).find((c) => c.startsWith('owner-')))), [['owner-human'], ['owner-automation'], ['owner-team'], []]);
    // Headcount multiplies the capacity.
    const more = journeyOf(DEMO.replace('    capacity: 10\n', '    capacity: 10\n    headcount: 3\n'));
    const meter = one(laneHead(map(more, { lanes: 'owner' }), 'csm'), 'span', 'meter');
    assert.ok(!hasClass(meter, 'over'));
    assert.match(text(meter), /25 \/ 30/);
  });

  test('channel lanes: humanized names, sorted by channel id, with their touchpoint counts', () => {
    const m = map(demo(), { lanes: 'channel' });
    const heads = find(m, 'th', 'lane-head');
    assert.deepStrictEqual(heads.map((n) => n.attrs['data-lane']), ['email', 'in-app', 'phone', 'qbr', 'video-call']);
    assert.deepStrictEqual(heads.map((n) => text(one(n, 'span', 'lane-name'))), ['Email', 'In app', 'Phone', 'QBR', 'Video call']);
    assert.match(text(heads[0]), /1 touchpoint\b/);
  });
});

// ---------------------------------------------------------------------------
// Legend, summary, banner, controls
// ---------------------------------------------------------------------------

suite('render: legend, summary strip, banner and controls', () => {
  test('the legend comes before the table, open unless legendOpen is false', () => {
    for (const options of [{}, { interactive: true }, { legendOpen: true }]) {
      const m = map(demo(), options);
      const order = all(m);
      const legend = one(m, 'details', 'jm-legend');
      assert.ok(order.indexOf(legend) < order.indexOf(one(m, 'table', 'journey')), 'legend before the table');
      assert.strictEqual(legend.attrs.open, '');
      assert.ok(toMarkup(m).includes('<details class="jm-legend" open="">'));
    }
    const closed = one(map(demo(), { legendOpen: false }), 'details', 'jm-legend');
    assert.strictEqual(closed.attrs.open, undefined);
    assert.match(text(one(closed, 'summary')), /Legend/);
    const keys = text(one(map(demo()), 'details', 'jm-legend'));
    for (const k of ['Human', 'Team', 'Automation', 'No touchpoint']) assert.ok(keys.includes(k), `legend explains ${k}`);
  });

  test('summary: touchpoint count, automated share, channels and findings by severity', () => {
    const j = demo();
    const sum = one(map(j), 'section', 'jm-summary');
    assert.strictEqual(text(one(sum, 'span', 'sum-count')), '5 touchpoints');
    assert.match(text(sum), /40% automated/);
    const chans = (s: VNode) => find(s, 'span', 'chan').map((c) => `${text(one(c, 'span', 'chan-name'))} ${text(one(c, 'strong'))}`).sort();
    assert.deepStrictEqual(chans(sum), ['Email 1', 'In app 1', 'Phone 1', 'QBR 1', 'Video call 1']);
    for (const sev of ['error', 'warning', 'info'] as const) {
      const n = j.allFindings.filter((f) => f.severity === sev).length;
      assert.strictEqual(text(one(one(sum, 'span', 'count', { 'data-severity': sev }), 'strong')), String(n), sev);
    }
    assert.ok(j.allFindings.some((f) => f.severity === 'error') && j.allFindings.some((f) => f.severity === 'info'), 'the demo has errors and infos');
  });

  test('summary with a filter: "k of N touchpoints"; share and channels of the matching ones', () => {
    const j = demo();
    const sum = (filter: MapOptions['filter']) => one(map(j, { filter }), 'section', 'jm-summary');
    const ent = sum({ segment: 'enterprise' });
    assert.strictEqual(text(one(ent, 'span', 'sum-count')), '4 of 5 touchpoints');
    assert.match(text(ent), /50% automated/);
    assert.deepStrictEqual(find(ent, 'span', 'chan').map((c) => text(one(c, 'span', 'chan-name'))).sort(), ['Email', 'In app', 'Phone', 'Video call']);
    const bot = sum({ owner: 'bot' });
    assert.strictEqual(text(one(bot, 'span', 'sum-count')), '2 of 5 touchpoints');
    assert.match(text(bot), /100% automated/);
    // A filter naming something the playbook no longer has (an edit removed it) is dropped, not left matching nothing.
    const gone = sum({ channel: 'sms' });
    assert.strictEqual(text(one(gone, 'span', 'sum-count')), '5 touchpoints');
    assert.deepStrictEqual(find(map(j, { filter: { segment: 'no-such-segment' } }), undefined, 'dim'), []);
    const single = journeyOf(DEMO.replace(/^touchpoints:\n[\s\S]*?(?=^kpis:)/m, 'touchpoints:\n  - id: only\n    stage: land\n    channel: email\n    owner: bot\n'));
    assert.strictEqual(text(one(map(single), 'span', 'sum-count')), '1 touchpoint');
  });

  test('syntax errors: a banner listing each distinct error once, with line and column', () => {
    const errors = [
      { message: 'Unexpected <token>', line: 2, character: 4 },
      { message: 'Unexpected <token>', line: 2, character: 4 },
      { message: 'Missing colon', line: 7, character: 0 },
    ];
    const m = map(demo(), { syntaxErrors: errors });
    const banner = one(m, 'section', 'banner');
    assert.strictEqual(banner.attrs.role, 'alert');
    assert.match(text(banner), /does not parse/);
    assert.deepStrictEqual(find(banner, 'li').map(text), ['Line 3, column 5: Unexpected <token>', 'Line 8, column 1: Missing colon']);
    assert.deepStrictEqual(find(banner, 'li').map((l) => l.attrs['data-range']), ['2:4:2:4', '7:0:7:0']);
    assert.ok(toMarkup(m).includes('Line 3, column 5: Unexpected &lt;token&gt;'));
    // The same message at another place is another error.
    const twice = one(map(demo(), { syntaxErrors: [errors[0], { ...errors[0], character: 9 }] }), 'section', 'banner');
    assert.strictEqual(find(twice, 'li').length, 2);
    assert.deepStrictEqual(find(map(demo()), 'section', 'banner'), []);
    assert.deepStrictEqual(find(map(demo(), { syntaxErrors: [] }), 'section', 'banner'), []);
    // While it does not parse, the counts are the syntax errors (what the Problems panel and the status bar count: the
    // analysis reports each distinct error once, so the 3 given here count 3), not the last good map's.
    const counts = (v: ReturnType<typeof map>) => Object.fromEntries(find(v, 'span', 'count').map((c) => [c.attrs['data-severity'], text(c)]));
    const good = counts(map(demo()));
    assert.ok(Object.values(good).some((t) => !/^0 /.test(String(t))), `the demo has findings: ${JSON.stringify(good)}`);
    assert.deepStrictEqual(counts(map(demo(), { syntaxErrors: errors })), { error: '3 errors', warning: '0 warnings', info: '0 infos' });
    const pill = find(map(demo(), { syntaxErrors: errors, interactive: true }), 'span', 'pill-count').map(text);
    assert.deepStrictEqual(pill, ['3']);
  });

  test('controls only when interactive: lanes, filter options, density', () => {
    assert.deepStrictEqual(find(map(demo()), 'nav'), []);
    assert.ok(!toMarkup(map(demo())).includes('data-action="export"'));
    const nav = one(map(demo(), { interactive: true, lanes: 'channel', density: 'compact' }), 'nav', 'jm-toolbar');
    const lanes = find(nav, 'button', undefined, { 'data-action': 'lanes' });
    assert.deepStrictEqual(lanes.map((b) => [b.attrs.value, b.attrs['aria-pressed']]), [['segment', 'false'], ['channel', 'true'], ['owner', 'false']]);
    const density = find(nav, 'button', undefined, { 'data-action': 'density' });
    assert.deepStrictEqual(density.map((b) => [b.attrs.value, b.attrs['aria-pressed']]), [['comfortable', 'false'], ['compact', 'true']]);
    const options = find(one(nav, 'select', undefined, { 'data-action': 'filter' }), 'option').map((o) => o.attrs.value);
    assert.deepStrictEqual(options, ['', 'segment:enterprise', 'segment:smb', 'segment:self-serve', 'segment:partners', 'channel:email', 'channel:in-app', 'channel:phone', 'channel:qbr', 'channel:video-call', 'owner:csm', 'owner:bot', 'owner:ops']);
    const chosen = one(map(demo(), { interactive: true, filter: { owner: 'ops' } }), 'select', undefined, { 'data-action': 'filter' });
    assert.deepStrictEqual(find(chosen, 'option').filter((o) => o.attrs.selected === '').map((o) => o.attrs.value), ['owner:ops']);
  });
});

// ---------------------------------------------------------------------------
// Re-rendering with the card memo
// ---------------------------------------------------------------------------

suite('render: re-rendering with a card memo', () => {
  test('a render reusing the previous cards gives the same markup as a fresh one', () => {
    const memo = new Map<string, VNode>();
    const steps: [JourneyModel, Partial<MapOptions>][] = [];
    const j = demo();
    steps.push([j, {}], [j, { filter: { channel: 'email' } }], [j, { selected: tp(j, 'tours') }], [j, { lanes: 'channel' }], [j, { lanes: 'owner', filter: { owner: 'csm' } }], [j, { density: 'compact' }], [j, {}]);
    const edited = journeyOf(DEMO.replace('name: Activation rate', 'name: Activation %').replace('name: Journey bot', 'name: Robot').replace('within: 5d', 'within: 3d'));
    steps.push([edited, {}], [edited, { selected: tp(edited, 'kickoff') }], [journeyOf(DEMO.replace('segments: [enterprise, smb]', 'segments: [enterprise, partners]')), {}]);
    for (const [jm, o] of steps) {
      const options = { lanes: 'segment' as const, interactive: true, ...o };
      assert.strictEqual(toMarkup(renderJourneyMap(jm, { ...options, memo })), toMarkup(renderJourneyMap(jm, options)), JSON.stringify(o));
    }
  });
});

// ---------------------------------------------------------------------------
// Every sample, every view
// ---------------------------------------------------------------------------

suite('render: samples', () => {
  for (const s of samples()) {
    test(`${s.name}: every view is well-formed HTML; icon references resolve`, () => {
      const j = sampleModels().find((x) => x.name === s.name)!.j;
      for (const lanes of ['segment', 'channel', 'owner'] as const) {
        for (const extra of [{}, { interactive: true, density: 'compact' as const, legendOpen: false, findingsOpen: false }]) {
          const html = toMarkup(map(j, { lanes, ...extra }));
          const els = checkHtml(html);
          const ids = new Set(els.map((e) => e.attrs.id).filter(Boolean));
          for (const e of els) {
            for (const [a, v] of Object.entries(e.attrs)) assert.ok(!dangerous(a, v), `<${e.tag} ${a}="${v}">`);
            if (e.attrs.href !== undefined) assert.ok(ids.has(e.attrs.href.slice(1)), `href ${e.attrs.href} points into the page`);
          }
          assert.strictEqual(els.filter((e) => e.tag === 'table').length, 1);
        }
      }
    });
  }
});

// ---------------------------------------------------------------------------
// exports.ts
// ---------------------------------------------------------------------------

/** Touchpoints the segment map draws a card for: a known stage and a lane to sit in. */
function drawn(j: JourneyModel): number {
  return j.touchpoints.filter((t) => t.stage !== undefined && (!j.segments.length || t.segments.length > 0)).length;
}

/**
 * A playbook whose every text field holds one of `texts`: per text a stage (name, goal), an
 * owner, a segment (name, criteria), a trigger event, a KPI (name, unit) and two touchpoints
 * (name, description, within; and channel and owner given as the text itself).
 */
function playbookWithTexts(texts: string[]): string {
  const q = texts.map(yamlString);
  const each = (f: (q: string, i: number) => string) => q.map(f).join('');
  return [
    'playbook: texts',
    `title: ${q[0]}`,
    `description: ${q[q.length - 1]}`,
    'framework: custom',
    'stages:',
    each((x, i) => `  - id: st-${i}\n    name: ${x}\n    goal: ${x}\n`) + `  - id: empty\n    name: ${q[0]}`,
    'owners:',
    each((x, i) => `  - id: own-${i}\n    name: ${x}\n    type: human\n    capacity: 1\n`).trimEnd(),
    'segments:',
    each((x, i) => `  - id: seg-${i}\n    name: ${x}\n    criteria: ${x}\n    owner: own-${i}\n    size: 5\n`) + `  - id: other\n    name: ${q[0]}`,
    'triggers:',
    each((x, i) => `  - id: trig-${i}\n    type: event\n    event: ${x}\n`).trimEnd(),
    'touchpoints:',
    each(
      (x, i) =>
        `  - id: tp-${i}\n    name: ${x}\n    description: ${x}\n    stage: st-${i}\n    segments: [seg-${i}]\n    channel: email\n    owner: own-${i}\n    trigger: trig-${i}\n    within: ${x}\n    kpis: [kpi-${i}]\n` +
        `  - id: tp-${i}-b\n    name: ${x}\n    stage: st-${i}\n    channel: ${x}\n    owner: ${x}\n    escalatesTo: tp-${i}\n`,
    ).trimEnd(),
    'kpis:',
    each((x, i) => `  - id: kpi-${i}\n    name: ${x}\n    metric: nps\n    unit: ${x}\n    direction: increase\n    baseline: 1\n    stage: st-${i}\n`),
  ].join('\n');
}

function playbookWithText(s: string): string {
  return playbookWithTexts([s]);
}

suite('render: HTML export', () => {
  test('self-contained page: CSP meta, no script, no remote resources, balanced tags', () => {
    for (const { j } of [{ j: demo() }, ...sampleModels()]) {
      const out = renderHtmlExport(j);
      assert.ok(out.startsWith('<!DOCTYPE html>\n'));
      assert.ok(out.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`), 'CSP meta');
      assert.ok(out.indexOf('Content-Security-Policy') < out.indexOf('<style>'), 'the CSP comes before anything that could load');
      assert.ok(!/<script/i.test(out), 'no <script');
      const els = checkHtml(out);
      assert.deepStrictEqual(els.filter((e) => ['script', 'link', 'img', 'iframe', 'object', 'embed', 'a', 'form', 'base'].includes(e.tag)), []);
      for (const e of els) for (const [a, v] of Object.entries(e.attrs)) assert.ok(!dangerous(a, v), `<${e.tag} ${a}="${v}">`);
      const urls = out.match(/https?:\/\/[^\s"'<>)]*/g) ?? [];
      for (const u of urls) assert.ok(NAMESPACE_URLS.has(u), `URL ${u}`);
      assert.ok(!/url\(|@import/i.test(out), 'no url() or @import in the CSS');
      assert.strictEqual(els.filter((e) => e.tag === 'div' && (e.attrs.class ?? '').split(' ').includes('card')).length, drawn(j));
      assert.ok(!out.includes('data-action="lanes"') && !out.includes('<select'), 'no controls in the export');
      assert.ok(out.includes('<details class="jm-legend" open="">'), 'legend open');
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

  test('XSS payloads in every text field stay text, in the export and the preview', () => {
    const payloads = fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'xss-payloads.txt'), 'utf8').split('\n').filter((l) => l.trim());
    assert.ok(payloads.length > 50);
    const clean = new Set(checkHtml(renderHtmlExport(journeyOf(playbookWithText('plain')))).map((e) => e.tag));
    const allowed = new Set([...ALLOWED_ATTRIBUTES].map((a) => a.toLowerCase()));
    const all = [...payloads, 'a\u0000b\u0007c', 'x\uffffy\ufffe', 'lone \ud800 surrogate', '`code` and ``double`` ticks'];
    for (let k = 0; k < all.length; k += 12) {
      const group = all.slice(k, k + 12);
      const j = journeyOf(playbookWithTexts(group));
      group.forEach((p, i) => assert.strictEqual(j.touchpoints[2 * i].name, p, 'the fixture holds the payload'));
      for (const out of [renderHtmlExport(j), toMarkup(map(j, { interactive: true, lanes: 'owner', selected: 0 }))]) {
        const els = checkHtml(out);
        const extra = [...new Set(els.map((e) => e.tag))].filter((t) => !clean.has(t) && !['nav', 'select', 'option', 'section', 'li', 'ul', 'strong'].includes(t));
        assert.deepStrictEqual(extra, [], `payloads ${JSON.stringify(group)}: unexpected elements`);
        for (const e of els) for (const [a, v] of Object.entries(e.attrs)) assert.ok(!dangerous(a, v) && (allowed.has(a) || ['href', 'content', 'http-equiv', 'charset', 'name', 'lang'].includes(a)), `<${e.tag} ${a}="${v}">`);
      }
      const m = map(j, { lanes: 'channel' });
      group.forEach((p, i) => assert.strictEqual(text(one(one(m, 'div', 'card', { 'data-index': String(2 * i) }), 'span', 'card-name')), p));
    }
  });
});

suite('render: SVG export', () => {
  test('well-formed XML with the SVG namespace; no scripts, handlers or remote resources', () => {
    for (const { j } of [{ j: demo() }, ...sampleModels()]) {
      const out = renderSvgExport(j);
      assert.ok(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg '));
      const els = checkXml(out);
      assert.strictEqual(els[0].tag, 'svg');
      assert.strictEqual(els[0].attrs.xmlns, 'http://www.w3.org/2000/svg');
      assert.match(els[0].attrs.viewBox, /^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
      assert.deepStrictEqual(els.filter((e) => ['script', 'foreignObject', 'image', 'a', 'iframe'].includes(e.tag)), []);
      for (const e of els) for (const [a, v] of Object.entries(e.attrs)) assert.ok(!dangerous(a, v), `<${e.tag} ${a}="${v}">`);
      const urls = out.match(/https?:\/\/[^\s"'<>)]*/g) ?? [];
      for (const u of urls) assert.ok(NAMESPACE_URLS.has(u), `URL ${u}`);
      const shown = markupText(out);
      for (const t of j.touchpoints.filter((x) => x.stage !== undefined && (!j.segments.length || x.segments.length))) assert.ok(shown.includes(t.name), `touchpoint ${t.name} in the drawing`);
      for (const s of j.stages) assert.ok(shown.toLowerCase().includes(s.name.toLowerCase()), `stage ${s.name} in the drawing`);
    }
  });

  test('user text is escaped; control and non-XML characters stay well-formed', () => {
    for (const nasty of [`<script>alert("x")</script> & 'q' ]]> <![CDATA[`, 'a\u0000b\u0007c\u001b', 'x\u000by', 'noncharacter \uffff here \ufffe', `${'x'.repeat(26)}🎉🎉🎉🎉🎉🎉🎉 ${'y'.repeat(20)}${'😀'.repeat(20)}`, 'lone \udc00 low']) {
      const out = renderSvgExport(journeyOf(playbookWithText(nasty)));
      const els = checkXml(out);
      assert.ok(!els.some((e) => e.tag === 'script'));
      assert.ok(!out.includes('<script'));
      if (nasty.includes('<script')) assert.ok(out.includes('&lt;script&gt;'), 'escaped text present');
    }
  });
});
