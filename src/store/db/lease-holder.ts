// Lease holder ids name their process, `desk:<host>:<pid>:<nonce>[/<tag>]`, so a desk restarted after a crash can prove that
// a lease's holder is gone (same host, and that pid no longer runs or is a later process) and take the lease at
// once instead of waiting out its expiry. A holder on another host, or an id of another shape, is never "gone":
// only its expiry frees its lease.
import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import os from 'node:os';

/** Where this code runs: the host (with its pid namespace, so containers sharing a hostname stay apart) and pid. */
export interface ProcessIdentity {
  readonly host: string;
  readonly pid: number;
  /** Random per process: a pid reused by a later process is told apart from the one that took the lease. */
  readonly nonce: string;
  isAlive(pid: number): boolean;
}

const HOLDER = /^desk:(.+):(\d+):([0-9a-f]+)(?:\/[^/]*)?$/;

const THIS_PROCESS: ProcessIdentity = {
  host: `${os.hostname().replace(/:/g, '_')}${pidNamespace()}`,
  pid: process.pid,
  nonce: randomBytes(6).toString('hex'),
  isAlive: pidIsAlive,
};

/**
 * This process's lease holder id; with `tag`, one of several holders in this process (`.../<tag>`, e.g. one per
 * change a person makes), still recognised as gone once the process is.
 */
export function processLeaseHolder(tag?: string, me: ProcessIdentity = THIS_PROCESS): string {
  const id = `desk:${me.host}:${me.pid}:${me.nonce}`;
  return tag === undefined ? id : `${id}/${tag.replace(/\//g, '_')}`;
}

/** True only when `holder` is provably a process that no longer runs (see the file comment). */
export function isHolderGone(holder: string, me: ProcessIdentity = THIS_PROCESS): boolean {
  const m = HOLDER.exec(holder);
  if (m === null || m[1] !== me.host) return false;
  const pid = Number(m[2]);
  if (pid === me.pid) return m[3] !== me.nonce;
  return !me.isAlive(pid);
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user. Only ESRCH proves it is gone.
    return !(error instanceof Error && 'code' in error && error.code === 'ESRCH');
  }
}

function pidNamespace(): string {
  try {
    return `#${readlinkSync('/proc/self/ns/pid').replace(/\D/g, '')}`;
  } catch {
    return ''; // not Linux: the hostname alone
  }
}
