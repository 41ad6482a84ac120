import { withAudit } from '../src/app/desk/audit.js';
import type { AnyCommand } from '../src/app/chat/command.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { auditCommand } from './audit.js';
import { askCommand } from './ask.js';
import { backtestCommand } from './backtest.js';
import { compareCommand } from './compare.js';
import { haltCommand } from './halt.js';
import { helpCommand } from './help.js';
import { notifyCommand } from './notify.js';
import { portfolioCommand } from './portfolio.js';
import { positionsCommand } from './positions.js';
import { reconcileCommand } from './reconcile.js';
import { resumeAllCommand } from './resume-all.js';
import { rulesAddCommand } from './rules/add.js';
import { rulesRemoveCommand, rulesToggleCommand } from './rules/change.js';
import { rulesListCommand } from './rules/list.js';
import { runShowCommand } from './run/show.js';
import { runStartCommand } from './run/start.js';
import { runStatusCommand } from './run/status.js';
import { runPauseCommand, runResumeCommand, runStopCommand } from './run/status-change.js';
import { runSummaryCommand } from './run/summary.js';
import { runsCommand } from './runs.js';
import { proposalApproveCommand } from './proposal/approve.js';
import { proposalRejectCommand } from './proposal/reject.js';
import { proposalReplayCommand } from './proposal/replay.js';
import { proposalShowCommand } from './proposal/show.js';
import { proposalsCommand } from './proposals.js';
import { approvalsCommand } from './approvals.js';
import { approvalApproveCommand, approvalRefuseCommand } from './approval/answer.js';
import { settingsBudgetCommand } from './settings/budget.js';
import { settingsChannelCommand } from './settings/channel.js';
import { settingsDataCommand } from './settings/data.js';
import { settingsRiskCommand } from './settings/risk.js';
import { settingsRoleCommand } from './settings/role.js';
import { settingsRolesCommand } from './settings/roles.js';
import { usageCommand } from './usage.js';

/**
 * The explicit command registry (no folder scanning). The console desk, Discord and Slack are all generated from
 * this list, so a command works everywhere or nowhere. Every command beyond a viewer's is audited (withAudit).
 */
export const COMMANDS: readonly AnyCommand<DeskDeps>[] = withAudit([
  helpCommand,
  askCommand,
  runStartCommand,
  runStopCommand,
  runPauseCommand,
  runResumeCommand,
  runsCommand,
  runStatusCommand,
  runShowCommand,
  runSummaryCommand,
  positionsCommand,
  portfolioCommand,
  backtestCommand,
  compareCommand,
  rulesListCommand,
  rulesAddCommand,
  rulesToggleCommand,
  rulesRemoveCommand,
  proposalsCommand,
  proposalShowCommand,
  proposalApproveCommand,
  proposalRejectCommand,
  proposalReplayCommand,
  approvalsCommand,
  approvalApproveCommand,
  approvalRefuseCommand,
  haltCommand,
  resumeAllCommand,
  reconcileCommand,
  notifyCommand,
  settingsRolesCommand,
  settingsRoleCommand,
  settingsChannelCommand,
  settingsBudgetCommand,
  settingsDataCommand,
  settingsRiskCommand,
  usageCommand,
  auditCommand,
]);
