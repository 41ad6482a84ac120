import { describe, expect, it } from 'vitest';
import { mcpDepsFrom } from '../../src/mcp/deps.js';
import { fakeDesk } from '../helpers/fake-desk.js';
import { connect, WS_A } from './mcp-harness.js';

const TOOL_NAMES = ['list_runs', 'get_run', 'get_trades', 'get_decisions', 'calculate_metrics', 'analyze_trades', 'compare_runs', 'get_rules', 'explain_rule', 'suggest_rules', 'replay_with_rule', 'get_bars', 'get_indicators'];

type JsonSchema = { type?: string; description?: string; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[] };

/** Paths of object properties that carry no description, at any depth. */
function undescribed(schema: JsonSchema, path = ''): string[] {
  const out: string[] = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const here = `${path}.${key}`;
    if (prop.description === undefined) out.push(here);
    out.push(...undescribed(prop, here));
    if (prop.items !== undefined) out.push(...undescribed(prop.items, `${here}[]`));
    for (const alt of [...(prop.anyOf ?? []), ...(prop.oneOf ?? []), ...(prop.items?.anyOf ?? []), ...(prop.items?.oneOf ?? [])]) out.push(...undescribed(alt, `${here}|`));
  }
  return out;
}

describe('buildServer', () => {
  it('lists every tool with input and output schemas, read-only and closed-world annotations', async () => {
    const client = await connect(mcpDepsFrom(fakeDesk().deps, WS_A, () => 0));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOL_NAMES);
    for (const t of tools) {
      expect(t.title, t.name).toBeTruthy();
      expect(t.description?.length, t.name).toBeGreaterThan(20);
      expect(t.inputSchema.type, t.name).toBe('object');
      expect(t.outputSchema?.type, t.name).toBe('object');
      expect(t.annotations, t.name).toMatchObject({ readOnlyHint: true, openWorldHint: false, destructiveHint: false });
    }
  });

  it('describes every input and output field, nested ones included', async () => {
    const client = await connect(mcpDepsFrom(fakeDesk().deps, WS_A, () => 0));
    const { tools } = await client.listTools();
    const missing = tools.flatMap((t) => [
      ...undescribed(t.inputSchema as JsonSchema).map((p) => `${t.name} input${p}`),
      ...undescribed(t.outputSchema as JsonSchema).map((p) => `${t.name} output${p}`),
    ]);
    expect(missing).toEqual([]);
  });

  it('has no argument that names a workspace and no tool that writes', async () => {
    const client = await connect(mcpDepsFrom(fakeDesk().deps, WS_A, () => 0));
    const { tools } = await client.listTools();
    for (const t of tools) {
      expect(Object.keys(t.inputSchema.properties ?? {}).filter((k) => /workspace|guild|team/i.test(k)), t.name).toEqual([]);
      expect(t.name).not.toMatch(/place|cancel|order|start|stop|add|remove|toggle|set|approve|halt|resume/);
    }
  });

  it('gives the McpDeps only read functions', () => {
    const deps = mcpDepsFrom(fakeDesk().deps, WS_A, () => 0);
    expect(Object.keys(deps).sort()).toEqual(['decisionsBetween', 'defaultDataSource', 'findRun', 'getBars', 'listRules', 'listRuns', 'now', 'replayRun', 'runHistory', 'runRules', 'workspace']);
  });

  it('answers an unknown tool with an error, not a crash', async () => {
    const client = await connect(mcpDepsFrom(fakeDesk().deps, WS_A, () => 0));
    const res = await client.callTool({ name: 'place_order', arguments: {} });
    expect(res.isError).toBe(true);
  });
});
