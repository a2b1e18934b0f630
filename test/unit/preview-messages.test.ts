/** Messages from the webview are checked before the extension acts on them; restored preview state is normalised. */
import * as assert from 'assert';
import * as zlib from 'zlib';
import { MAX_PNG_BYTES, normalizeState, parseFromWebview, PreviewState } from '../../server/src/previewProtocol';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** CRC-32 (ISO 3309), as PNG chunks use it. */
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A real PNG: `width` × `height` RGBA pixels of one colour. */
function png(width = 2, height = 2): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set([0x1a, 0x73, 0xc8, 0xff], y * (1 + width * 4) + 1 + x * 4);
  return new Uint8Array(Buffer.concat([Buffer.from(PNG_SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', new Uint8Array(0))]));
}

suite('preview messages from the webview', () => {
  const cases: [string, unknown, boolean][] = [
    ['ready', { type: 'ready' }, true],
    ['reveal', { type: 'reveal', uri: 'file:///w/a.playbook.yaml', range: [1, 2, 1, 9] }, true],
    ['export html', { type: 'export', format: 'html' }, true],
    ['export svg', { type: 'export', format: 'svg' }, true],
    ['export mermaid', { type: 'export', format: 'mermaid' }, true],
    ['state', { type: 'state', state: { uri: 'file:///w/a.playbook.yaml', locked: false, lanes: 'owner', filter: '' } }, true],
    ['pngFailed', { type: 'pngFailed', reason: 'canvas is tainted' }, true],
    ['unknown type', { type: 'runCommand', command: 'workbench.action.terminal.new' }, false],
    ['no type', { uri: 'file:///etc/passwd' }, false],
    ['not an object', 'reveal', false],
    ['null', null, false],
    ['an array', ['ready'], false],
    ['reveal with a negative line', { type: 'reveal', uri: 'file:///w/a.playbook.yaml', range: [-1, 0, 0, 0] }, false],
    ['reveal with text in the range', { type: 'reveal', uri: 'file:///w/a.playbook.yaml', range: ['1', 0, 0, 0] }, false],
    ['reveal with a fraction in the range', { type: 'reveal', uri: 'file:///w/a.playbook.yaml', range: [1.5, 0, 2, 0] }, false],
    ['reveal with a huge line', { type: 'reveal', uri: 'file:///w/a.playbook.yaml', range: [1e9, 0, 1e9, 0] }, false],
    ['reveal with three numbers', { type: 'reveal', uri: 'file:///w/a.playbook.yaml', range: [1, 0, 0] }, false],
    ['reveal without uri', { type: 'reveal', range: [1, 0, 1, 0] }, false],
    ['export to an unknown format', { type: 'export', format: 'pdf' }, false],
    ['export png (PNG bytes come as a png message)', { type: 'export', format: 'png' }, false],
    ['state with unknown lanes', { type: 'state', state: { uri: 'x', locked: false, lanes: 'anything', filter: '' } }, false],
    ['state without uri', { type: 'state', state: { locked: false, lanes: 'owner', filter: '' } }, false],
    ['state with a string for locked', { type: 'state', state: { uri: 'x', locked: 'no', lanes: 'owner', filter: '' } }, false],
    ['state that is not an object', { type: 'state', state: 'segment' }, false],
    ['state missing', { type: 'state' }, false],
  ];
  for (const [name, message, accepted] of cases) {
    test(`${accepted ? 'accepts' : 'rejects'} ${name}`, () => {
      assert.strictEqual(parseFromWebview(message) !== undefined, accepted);
    });
  }

  test('a reveal keeps only the checked fields', () => {
    assert.deepStrictEqual(parseFromWebview({ type: 'reveal', uri: 'file:///w/a.playbook.yaml', range: [1, 2, 3, 4], extra: '<script>' }), {
      type: 'reveal',
      uri: 'file:///w/a.playbook.yaml',
      range: [1, 2, 3, 4],
    });
  });

  test('a state message is normalised', () => {
    const got = parseFromWebview({ type: 'state', state: { uri: 'file:///w/a.playbook.yaml', locked: true, lanes: 'channel', filter: 'owner:csm', zoom: 'huge', density: 'compact', legendOpen: false, evil: '<script>' } });
    assert.deepStrictEqual(got, { type: 'state', state: { uri: 'file:///w/a.playbook.yaml', locked: true, lanes: 'channel', filter: 'owner:csm', zoom: 1, density: 'compact', legendOpen: false } });
  });

  test('png: a real PNG (as a byte array or a Uint8Array) is accepted, bytes intact', () => {
    const bytes = png(3, 2);
    const fromArray = parseFromWebview({ type: 'png', data: Array.from(bytes) });
    assert.ok(fromArray && fromArray.type === 'png');
    assert.ok(fromArray.data instanceof Uint8Array);
    assert.deepStrictEqual(Array.from(fromArray.data), Array.from(bytes));
    const fromTyped = parseFromWebview({ type: 'png', data: bytes });
    assert.ok(fromTyped && fromTyped.type === 'png');
    assert.deepStrictEqual(Array.from(fromTyped.data), Array.from(bytes));
  });

  test('png: anything that is not PNG bytes is refused', () => {
    const good = Array.from(png());
    const refused: [string, unknown][] = [
      ['no data', undefined],
      ['a string', String.fromCharCode(...good)],
      ['base64 text', Buffer.from(good).toString('base64')],
      ['an object with a length', { ...good, length: good.length }],
      ['an ArrayBuffer', new Uint8Array(good).buffer],
      ['an empty array', []],
      ['the signature cut short', good.slice(0, 7)],
      ['a JPEG', [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]],
      ['a GIF', Array.from(Buffer.from('GIF89a\u0001\u0000\u0001\u0000'))],
      ['an SVG', Array.from(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))],
      ['one signature byte off', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0b, ...good.slice(8)]],
      ['a Uint8Array that is not a PNG', new Uint8Array(64)],
      ['a fraction among the bytes', [...good.slice(0, 20), 1.5, ...good.slice(21)]],
      ['a byte above 255', [...good.slice(0, 20), 256, ...good.slice(21)]],
      ['a negative byte', [...good.slice(0, 20), -1, ...good.slice(21)]],
      ['NaN among the bytes', [...good.slice(0, 20), NaN, ...good.slice(21)]],
      ['a string among the bytes', [...good.slice(0, 20), '7', ...good.slice(21)]],
      ['null among the bytes', [...good.slice(0, 20), null, ...good.slice(21)]],
      ['a signature of strings', PNG_SIGNATURE.map(String)],
    ];
    for (const [name, data] of refused) assert.strictEqual(parseFromWebview({ type: 'png', data }), undefined, name);
  });

  test('png: larger than MAX_PNG_BYTES is refused, exactly MAX_PNG_BYTES is accepted', () => {
    const big = new Uint8Array(MAX_PNG_BYTES + 1);
    big.set(png());
    assert.strictEqual(parseFromWebview({ type: 'png', data: big }), undefined, 'Uint8Array one byte too big');
    assert.ok(parseFromWebview({ type: 'png', data: big.subarray(0, MAX_PNG_BYTES) }), 'Uint8Array at the limit');
    // An array claiming more bytes than the limit is refused before any byte is looked at.
    const sparse: number[] = [];
    sparse.length = MAX_PNG_BYTES + 1;
    PNG_SIGNATURE.forEach((b, i) => (sparse[i] = b));
    let reads = 0;
    const counted = new Proxy(sparse, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    assert.strictEqual(parseFromWebview({ type: 'png', data: counted }), undefined, 'array one byte too big');
    assert.strictEqual(reads, 0, 'refused without reading a single element');
  });

  test('pngFailed: the reason is kept short; a missing reason is "unknown reason"', () => {
    assert.deepStrictEqual(parseFromWebview({ type: 'pngFailed', reason: 'x'.repeat(5000) }), { type: 'pngFailed', reason: 'x'.repeat(300) });
    assert.deepStrictEqual(parseFromWebview({ type: 'pngFailed', reason: { toString: () => 'evil' } }), { type: 'pngFailed', reason: 'unknown reason' });
    assert.deepStrictEqual(parseFromWebview({ type: 'pngFailed' }), { type: 'pngFailed', reason: 'unknown reason' });
  });
});

suite('preview state (normalizeState)', () => {
  const DEFAULTS: PreviewState = { uri: '', locked: false, lanes: 'segment', filter: '', zoom: 1, density: 'comfortable' };

  test('defaults for nothing, an empty object, or wrong types', () => {
    assert.deepStrictEqual(normalizeState(undefined), DEFAULTS);
    assert.deepStrictEqual(normalizeState({}), DEFAULTS);
    assert.deepStrictEqual(normalizeState({ uri: 42, locked: 'true', lanes: 'stage', filter: ['x'], zoom: '1.5', density: 'tiny', legendOpen: 'yes', findingsOpen: 1 }), DEFAULTS);
  });

  test('legendOpen and findingsOpen: kept when booleans, absent otherwise (the panel width decides)', () => {
    const s = normalizeState({ legendOpen: false, findingsOpen: true });
    assert.strictEqual(s.legendOpen, false);
    assert.strictEqual(s.findingsOpen, true);
    assert.deepStrictEqual(normalizeState({ legendOpen: true, findingsOpen: false }), { ...DEFAULTS, legendOpen: true, findingsOpen: false });
    const none = normalizeState({ legendOpen: null, findingsOpen: undefined });
    assert.ok(!('legendOpen' in none) && !('findingsOpen' in none), JSON.stringify(none));
  });

  test('a valid state comes back as it was; unknown keys are dropped', () => {
    const valid: PreviewState = { uri: 'file:///w/a.playbook.yaml', locked: true, lanes: 'owner', filter: 'segment:smb', zoom: 1.25, density: 'compact', legendOpen: false, findingsOpen: true };
    assert.deepStrictEqual(normalizeState(valid), valid);
    assert.deepStrictEqual(normalizeState({ ...valid, evil: '<script>' } as Partial<Record<keyof PreviewState, unknown>>), valid);
    for (const lanes of ['segment', 'channel', 'owner'] as const) assert.strictEqual(normalizeState({ lanes }).lanes, lanes);
  });

  test('zoom: "fit" or a factor within 0.5..2; anything else is brought back into range', () => {
    assert.strictEqual(normalizeState({ zoom: 'fit' }).zoom, 'fit');
    for (const z of [0.5, 0.75, 1, 1.1, 2]) assert.strictEqual(normalizeState({ zoom: z }).zoom, z);
    for (const z of [0, -1, 0.49, 2.01, 10, 1e9, -Infinity, Infinity, NaN, '2', 'FIT', null, true, {}]) {
      const got = normalizeState({ zoom: z }).zoom;
      assert.ok(typeof got === 'number' && got >= 0.5 && got <= 2, `zoom ${String(z)} -> ${String(got)}`);
      // Out-of-range numbers may be clamped; everything else falls back to 100 %.
      const clamped = typeof z === 'number' && Number.isFinite(z) ? Math.min(2, Math.max(0.5, z)) : 1;
      assert.ok(got === 1 || got === clamped, `zoom ${String(z)} -> ${String(got)}`);
    }
  });

  test('density: compact only when asked', () => {
    assert.strictEqual(normalizeState({ density: 'compact' }).density, 'compact');
    assert.strictEqual(normalizeState({ density: 'comfortable' }).density, 'comfortable');
    assert.strictEqual(normalizeState({ density: 'COMPACT' }).density, 'comfortable');
  });
});
