/**
 * Every TypeScript snippet of the README and docs/ type-checks against the library (strict). It builds a TypeScript
 * program over lib/ (about ten seconds), so it runs in the integration suite (test/integration-suites.js); the
 * snippets themselves run in test/docs/docs.test.ts.
 */
import * as path from 'path';
import * as ts from 'typescript';
import { datesFrom, documents, program, Snippet, snippets } from './snippets';

const ROOT = path.resolve(__dirname, '..', '..');
const TS = documents()
  .flatMap(snippets)
  .filter((s) => s.lang === 'ts');
const TODAY = new Date();
const name = (s: Snippet) => `${s.file}:${s.line}${s.id ? ` (${s.id})` : ''}`;
const source = (s: Snippet) => program(s, datesFrom(s.code, TODAY));

test('every TypeScript snippet type-checks against the library (strict)', () => {
  const files = new Map(TS.map((s, i) => [path.join(ROOT, '.snippets', `${i}.ts`), source(s)]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    types: ['node'],
    baseUrl: ROOT,
    paths: { 'cdktf-gov-landing-zone': ['lib/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, v, ...rest) => (files.has(f) ? ts.createSourceFile(f, files.get(f)!, v) : getSourceFile(f, v, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => files.has(f) || fileExists(f);
  const program = ts.createProgram([...files.keys()], options, host);
  const problems: string[] = [];
  [...files.keys()].forEach((f, i) => {
    const sf = program.getSourceFile(f)!;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const { line } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      problems.push(`${name(TS[i])}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')} [${sf.text.split('\n')[line].trim()}]`);
    }
  });
  expect(problems).toEqual([]);
});
