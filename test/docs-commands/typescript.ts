import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** One page's ```ts blocks as one module: imports first, the first block at top level, each later block in a scope of its own. */
export interface TsExample {
  readonly file: string;
  readonly lines: readonly number[];
  /** The module as the type checker sees it. */
  readonly source: string;
  /** The module as it runs: what the page takes as given defined, not only declared. */
  readonly runnable: string;
}

/**
 * Names a page's examples take as given (a browser's file input, bytes read elsewhere): declared
 * ahead of its blocks so that the rest is checked as written, and defined so that it runs.
 */
const GIVEN: Readonly<Record<string, { types: string; values: string }>> = {
  'docs/sdk.md': {
    types: 'declare const input: HTMLInputElement;\ndeclare const bytes: Uint8Array;\n',
    values:
      "const input = { files: [new File(['%PDF-1.4\\n%%EOF\\n'], 'specs.pdf', { type: 'application/pdf' })] };\n" +
      "const bytes = new TextEncoder().encode('%PDF-1.4\\n% version 2\\n%%EOF\\n');\n",
  },
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
  const module = (given = '') => `${imports.join('\n')}\n${given}\n${bodies.join('\n')}\nexport {};\n`;
  return { file, lines: blocks.map((block) => block.line), source: module(GIVEN[file]?.types), runnable: module(GIVEN[file]?.values) };
}

/** The checker, run by Node in a process of its own: argv = [options JSON, file…]; prints the files' diagnostics. */
const checker = (typescript: string) => `
import ts from ${JSON.stringify(pathToFileURL(typescript).href)};
const [options, ...files] = process.argv.slice(2);
const { options: compilerOptions, errors } = ts.convertCompilerOptionsFromJson(JSON.parse(options), process.cwd());
const program = ts.createProgram(files, compilerOptions);
// Only the examples' own diagnostics: the SDK's sources are checked by npm run typecheck.
const diagnostics = [...errors, ...files.flatMap((file) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file)))];
process.stdout.write(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\\n' }));
`;

/**
 * Type-checks the examples as an integrator's strict ES module that imports `teampro/client`, here
 * the SDK's sources, in a process of its own. Resolves to the diagnostics ('' when clean).
 */
export function typeCheck(root: string, dir: string, examples: readonly TsExample[]): Promise<string> {
  const files = examples.map((example) => {
    const name = path.join(dir, `${example.file.replace(/[^A-Za-z0-9]+/g, '-')}.ts`);
    fs.writeFileSync(name, example.source);
    return name;
  });
  const compilerOptions = {
    target: 'ES2022',
    module: 'ES2022',
    moduleResolution: 'Bundler',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules/@types')],
    paths: { 'teampro/client': [path.join(root, 'src/client/index.ts')] },
  };
  const script = path.join(dir, 'check.mjs');
  fs.writeFileSync(script, checker(path.join(root, 'node_modules/typescript/lib/typescript.js')));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, JSON.stringify(compilerOptions), ...files], { cwd: dir }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(`${stdout}${stderr}`.trim());
    });
  });
}

/** The module as Node runs it: transpiled, `teampro/client` being the SDK as this test run transpiled it. */
export async function runnableModule(example: TsExample, clientModule: string): Promise<string> {
  const { transform } = await import('esbuild');
  const { code } = await transform(example.runnable, { loader: 'ts', format: 'esm', target: 'node20' });
  return code.replaceAll(/from ["']teampro\/client["']/g, `from ${JSON.stringify(pathToFileURL(clientModule).href)}`);
}
