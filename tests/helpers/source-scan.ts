// Reads the project's TypeScript sources and extracts what the architecture tests check: module specifiers
// (static import, export-from, dynamic import(), import types) and the code with comments and literals blanked.
// Uses the TypeScript parser rather than regexes so multi-line imports, comments and strings are handled exactly.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type ImportKind = 'import' | 'export-from' | 'dynamic' | 'import-type' | 'import-equals';

export interface ImportRef {
  /** The module specifier as written; null for a dynamic import() whose argument is not a literal. */
  readonly specifier: string | null;
  readonly kind: ImportKind;
  /** 1-based. */
  readonly line: number;
}

export interface SourceFile {
  /** Repo-relative, forward slashes: `src/core/engine/plan.ts`. */
  readonly path: string;
  readonly imports: readonly ImportRef[];
  /** The source with comments, string/template/regex literal text blanked; newlines kept so lines still match. */
  readonly code: string;
}

/** Every .ts file under the given repo-relative roots, skipping the given folders (e.g. generated code). */
export function listTsFiles(roots: readonly string[], skip: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    if (skip.some((s) => rel === s || rel.startsWith(`${s}/`))) return;
    let entries;
    try {
      entries = readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true });
    } catch {
      return; // a root that does not exist yet (e.g. commands/ before the first command)
    }
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && e.name.endsWith('.ts')) out.push(child);
    }
  };
  for (const r of roots) walk(r);
  return out.sort();
}

export function readSource(relPath: string): SourceFile {
  return parseSource(relPath, readFileSync(path.join(REPO_ROOT, relPath), 'utf8'));
}

/** Parses source text as if it lived at `relPath` (the tests' self-checks feed fixtures through here). */
export function parseSource(relPath: string, text: string): SourceFile {
  const sf = ts.createSourceFile(relPath, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return { path: relPath, imports: collectImports(sf), code: codeOnly(sf, text) };
}

function collectImports(sf: ts.SourceFile): ImportRef[] {
  const refs: ImportRef[] = [];
  const add = (node: ts.Node, specifier: string | null, kind: ImportKind): void => {
    refs.push({ specifier, kind, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const literal = (n: ts.Node | undefined): string | null =>
    n !== undefined && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : null;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node, literal(node.moduleSpecifier), 'import');
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) add(node, literal(node.moduleSpecifier), 'export-from');
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, literal(node.arguments[0]), 'dynamic');
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, literal(node.argument.literal), 'import-type');
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, literal(node.moduleReference.expression), 'import-equals');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

const LITERAL_TOKENS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
]);

const isJsDoc = (n: ts.Node): boolean => n.kind >= ts.SyntaxKind.FirstJSDocNode && n.kind <= ts.SyntaxKind.LastJSDocNode;

/**
 * Keeps only code tokens: trivia (whitespace, comments) and literal contents become spaces. Works from the parse
 * tree's tokens, so a `//` inside a string or a quote inside a regex cannot confuse it.
 */
function codeOnly(sf: ts.SourceFile, text: string): string {
  const out = text.replace(/[^\n]/g, ' ').split('');
  const visit = (node: ts.Node): void => {
    if (isJsDoc(node)) return;
    const children = node.getChildren(sf);
    if (children.length > 0) {
      for (const c of children) visit(c);
      return;
    }
    if (LITERAL_TOKENS.has(node.kind)) return;
    const start = node.getStart(sf);
    for (let i = start; i < node.end; i++) out[i] = text[i]!;
  };
  visit(sf);
  return out.join('');
}

/** Repo-relative target of a relative specifier (`../core/x.js` from src/app/y.ts -> src/core/x.js); null if bare. */
export function resolveRelative(fromPath: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return path.posix.normalize(path.posix.join(path.posix.dirname(fromPath), specifier));
}

/** Package name of a bare specifier: `@scope/name/sub` -> `@scope/name`, `zod/v4` -> `zod`, `node:fs` -> `node:fs`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** True when `p` is the folder `dir` or inside it. */
export const isUnder = (p: string, dir: string): boolean => p === dir || p.startsWith(`${dir}/`);
