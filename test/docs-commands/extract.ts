import fs from 'node:fs';
import path from 'node:path';

/** One shell command of a fenced code block, `\`-continued lines joined. */
export interface DocCommand {
  /** The page, relative to the repository root (README.md, docs/cli.md, …). */
  readonly file: string;
  /** The line of the page where the command starts (1-based). */
  readonly line: number;
  /** The command as written, continuation lines joined with their `\` and newline kept. */
  readonly text: string;
  /** The first fenced block after the command's block, when it is JSON: the reply the page shows. */
  readonly reply?: string;
  /** The `## ` heading the command is under ('' above the first). */
  readonly section: string;
}

const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'zsh']);

interface Block {
  readonly language: string;
  readonly line: number;
  readonly lines: readonly string[];
  readonly section: string;
}

function blocksOf(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^## (.*)$/.exec(lines[i]!);
    if (heading) section = heading[1]!.trim();
    const open = /^\s*```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    blocks.push({ language: open[1]!.toLowerCase(), line: start + 2, lines: body, section });
  }
  return blocks;
}

/** A line that is only a comment (or blank), which a shell skips. */
const isComment = (line: string) => /^\s*(#.*)?$/.test(line);

/**
 * The shell commands of one page, in page order: every line of a shell block, and in a console or
 * plain block (a terminal session: commands and what they print) the lines after a `$ ` prompt.
 */
export function commandsOf(file: string, markdown: string): DocCommand[] {
  const commands: DocCommand[] = [];
  const blocks = blocksOf(markdown);
  blocks.forEach((block, index) => {
    const session = block.language === 'console' || block.language === '';
    if (session) {
      block.lines.forEach((text, i) => {
        if (text.startsWith('$ ')) commands.push({ file, line: block.line + i, text: text.slice(2), section: block.section });
      });
      return;
    }
    if (!SHELL_LANGUAGES.has(block.language)) return;
    const next = blocks[index + 1];
    const reply = next && next.language === 'json' && next.line - (block.line + block.lines.length) <= 3 ? next.lines.join('\n') : undefined;
    for (let i = 0; i < block.lines.length; i++) {
      if (isComment(block.lines[i]!)) continue;
      const line = block.line + i;
      const parts = [block.lines[i]!];
      while (/\\$/.test(parts[parts.length - 1]!) && i + 1 < block.lines.length) parts.push(block.lines[++i]!);
      commands.push({ file, line, text: parts.join('\n'), reply, section: block.section });
    }
  });
  return commands;
}

/** README.md and every page under docs/, in a stable order. */
export function documentedPages(root: string): string[] {
  const docs = fs
    .readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => path.posix.join('docs', file.split(path.sep).join('/')))
    .sort();
  return ['README.md', ...docs];
}
