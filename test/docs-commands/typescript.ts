import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One page's ```ts blocks as one module: imports first, the first block at top level, each later block in a scope of its own. */
export interface TsExample {
  readonly file: string;
  readonly lines: readonly number[];
  readonly source: string;
}

/**
 * Names a page's examples take as given (a browser's file input, bytes read elsewhere), declared
 * ahead of its blocks so that the rest is checked as written.
 */
const GIVEN: Readonly<Record<string, string>> = {
  'docs/sdk.md': 'declare const input: HTMLInputElement;\ndeclare const bytes: Uint8Array;\n',
};

export function tsExampleOf(file: string, markdown: string): TsExample | undefined {
  const lines = markdown.split('\n');
  const blocks: { line: number; body: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const block = { line: i + 2, body: [] as string[] };
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) block.body.push(lines[i]!);
    blocks.push(block);
  }
  if (blocks.length === 0) return undefined;
  const isImport = (line: string) => /^import\s/.test(line);
  const imports = blocks.flatMap((block) => block.body.filter(isImport));
  const bodies = blocks.map((block, index) => {
    const body = block.body.filter((line) => !isImport(line)).join('\n');
    return index === 0 ? body : `{ // ${file}:${block.line}\n${body}\n}`;
  });
  return { file, lines: blocks.map((block) => block.line), source: `${imports.join('\n')}\n${GIVEN[file] ?? ''}\n${bodies.join('\n')}\nexport {};\n` };
}

/**
 * Type-checks the examples as an integrator's strict ES module that imports `teampro/client`, here
 * the SDK's sources. Returns the diagnostics as text, one per line ('' when clean).
 */
export function typeCheck(root: string, dir: string, examples: readonly TsExample[]): string {
  const files = examples.map((example) => {
    const name = path.join(dir, `${example.file.replace(/[^A-Za-z0-9]+/g, '-')}.ts`);
    fs.writeFileSync(name, example.source);
    return name;
  });
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules/@types')],
    baseUrl: root,
    paths: { 'teampro/client': ['src/client/index.ts'] },
  };
  const program = ts.createProgram(files, options);
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => !d.file || files.includes(path.resolve(d.file.fileName)));
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' });
}
