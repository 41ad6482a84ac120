import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runConsoleDesk } from '../../../src/adapters/console/desk.js';
import type { Role } from '../../../src/app/chat/command.js';
import { ruleSchema } from '../../../src/core/risk/rules.js';
import { FAKE_NOW, fakeDesk } from '../../helpers/fake-desk.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tradedesk-console-actions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function session(lines: readonly string[], role: Role = 'admin'): Promise<{ out: string; d: ReturnType<typeof fakeDesk> }> {
  const d = fakeDesk();
  const rule = ruleSchema.parse({ id: 'sugg-x', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 6 } });
  await d.deps.proposals.propose({ platform: 'console', externalId: 'a', name: 'a' }, { rule, rationale: 'why', summary: 'numbers', run: null, source: 'suggest_rules' }, 'u', FAKE_NOW);
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  await runConsoleDesk({
    input: Readable.from(lines.map((l) => `${l}\n`)), output, interactive: false, registry: d.deps.commands,
    ...d.ctx('a', role), imageDir: dir, ask: d.deps.ask,
  });
  return { out: chunks.join(''), d };
}

describe('buttons on the console', () => {
  it('are listed with numbers, and typing a number runs that button as the person typing it', async () => {
    const { out, d } = await session(['/proposal show id:p1', '2']);
    expect(out).toContain('actions (type the number to choose):\n  1) Approve: /proposal approve id:p1\n  2) Approve as shadow: /proposal approve id:p1 shadow:true\n  3) Reject: /proposal reject id:p1');
    expect(out).toContain('> /proposal approve id:p1 shadow:true');
    expect(out).toContain('Proposal approved: rule sugg-x added as a shadow rule');
    const p = await d.deps.proposals.get({ platform: 'console', externalId: 'a', name: 'a' }, 'p1');
    expect(p.ok && p.value.status).toBe('approved');
  });

  it("keep the typist's role: a viewer choosing Approve is refused", async () => {
    const { out } = await session(['/proposal show id:p1', '1'], 'viewer');
    expect(out).toMatch(/error: .*admin/);
  });

  it('only count for the reply just shown: a number out of range, or after a reply without buttons, goes to the analyst', async () => {
    const { out } = await session(['/proposal show id:p1', '9', '/help', '1']);
    expect(out).not.toContain('> /proposal');
    expect(out.match(/Offline analyst/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });
});
