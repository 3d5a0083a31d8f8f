// The README's code blocks, so that tests run what the README shows and the two cannot drift.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CodeBlock {
  readonly lang: string;
  readonly code: string;
  /** The file the README names for this block: a paragraph ending in "`name`:" (or starting with it). */
  readonly file?: string;
}

export function readReadme(): string {
  return fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
}

/** The text of one `## heading` section, up to the next `## ` heading. */
export function readmeSection(readme: string, heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const next = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, next < 0 ? undefined : next);
}

/** The fenced code blocks of a section, in order, each with the file name the README gives it. */
export function codeBlocks(section: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const fence = /```(\w*)\n([\s\S]*?)```/g;
  let previousEnd = 0;
  for (let match = fence.exec(section); match; match = fence.exec(section)) {
    const before = section.slice(previousEnd, match.index).trim();
    const lastParagraph = before.split(/\n\s*\n/).pop() ?? '';
    const file = /^`([\w.-]+\.\w+)`/.exec(lastParagraph)?.[1];
    blocks.push({ lang: match[1]!, code: match[2]!, ...(file ? { file } : {}) });
    previousEnd = match.index + match[0].length;
  }
  return blocks;
}

/** The one block of a section the README labels with `file`. */
export function fileBlock(section: string, file: string): string {
  const found = codeBlocks(section).filter((b) => b.file === file);
  if (found.length !== 1) throw new Error(`README: expected one block for ${file}, found ${found.length}`);
  return found[0]!.code;
}

/** The section's shell blocks, one command a line (comments and blank lines dropped). */
export function shellCommands(section: string): string[][] {
  return codeBlocks(section)
    .filter((b) => b.lang === 'sh')
    .map((b) =>
      b.code
        .split('\n')
        .map((line) => line.replace(/\s+#.*$/, '').trim())
        .filter((line) => line && !line.startsWith('#')),
    );
}
