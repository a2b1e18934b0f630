/** `playbook render FILE`: the journey map as HTML, SVG, Mermaid or the journey model as JSON. */
import * as fs from 'fs';
import * as path from 'path';
import { buildJourney } from '../core/journey';
import { EXPORT_RENDERERS } from '../core/render/exports';
import { ioMessage, UsageError } from '../host/files';
import type { CliIO } from './main';
import { analyseOnePlaybook, parses } from './onePlaybook';

const RENDERERS = { ...EXPORT_RENDERERS, json: (j: unknown) => `${JSON.stringify(j, null, 2)}\n` } as const;

export async function renderCommand(io: CliIO, args: string[], format: string, output: string | undefined, configFile: string | undefined): Promise<number> {
  if (args.length !== 1) throw new UsageError('render takes exactly one playbook file (or - for standard input)');
  if (format === 'png') {
    throw new UsageError('PNG is drawn by the editor (command "Playbook: Export Journey Map as PNG", or the PNG entry of the preview\'s Export menu); from the command line, render --format svg and convert it with any SVG tool');
  }
  if (!(format in RENDERERS)) throw new UsageError(`unknown render format "${format}": use html, svg, mermaid or json`);
  const file = args[0];
  const analysis = await analyseOnePlaybook(io, file, configFile);
  const journey = buildJourney(analysis);
  if (!parses(io, analysis, file, 'draw') || !journey) return 1;
  const text = RENDERERS[format as keyof typeof RENDERERS](journey as never);
  if (output) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, output), text);
    } catch (err) {
      throw new UsageError(ioMessage(err, output));
    }
  } else io.write(text);
  return 0;
}
