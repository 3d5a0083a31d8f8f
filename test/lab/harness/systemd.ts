// The lab plays systemd for one unit, keepalived, so the scripts Cloud Assistant delivers run as on
// an instance: the node's `systemctl` is a stand-in that asks the lab (HTTP over a Unix socket in the
// node's directory: no network traffic) and prints and exits with the answer (`<code>:<output>`). keepalived itself
// runs as the lab's process (LabNode.startKeepalived), so its output is stamped and kept.
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { rmSync } from 'fs';
import type { LabNode } from './lab';
import { CURL_PATH } from './prerequisites';

/** The unit the lab manages. Any other unit is "not found", as on an image without it. */
const UNIT = 'keepalived';

/** systemctl's exit codes (systemctl(1), LSB): is-active 3 = inactive, 5 = no such unit. */
const EXIT = { ok: 0, failed: 1, inactive: 3, noUnit: 5 } as const;

/** The stand-in `systemctl`: records the call like the other stand-ins, then asks the lab. */
export function systemctlStandIn(callsLog: string, socket: string): string {
  return [
    '#!/bin/sh',
    '# havip lab stand-in: systemctl answered by the lab, which plays systemd for keepalived',
    `printf '%s\\n' "systemctl $*" >> '${callsLog}'`,
    `answer=$(${CURL_PATH} -sS --noproxy '*' --max-time 60 --unix-socket '${socket}' --data-binary "$*" http://systemd/) || {`,
    "    echo 'systemctl stand-in: the lab did not answer' >&2",
    '    exit 1',
    '}',
    'code=${answer%%:*}',
    'output=${answer#*:}',
    '[ -z "$output" ] || printf \'%s\\n\' "$output"',
    'exit "$code"',
    '',
  ].join('\n');
}

interface Answer {
  readonly code: number;
  readonly output?: string;
}

/** keepalived's unit on one node: enabled or not, started, stopped, reloaded (SIGHUP). */
export class ServiceManager {
  enabled = false;
  /** CLOCK_MONOTONIC µs when keepalived last became active (systemd's ActiveEnterTimestampMonotonic). */
  activeSince = 0n;
  private server?: Server;

  constructor(
    private readonly node: LabNode,
    private readonly socket: string,
  ) {}

  get active(): boolean {
    return this.node.keepalived?.running ?? false;
  }

  async listen(): Promise<void> {
    rmSync(this.socket, { force: true });
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socket, resolve);
    });
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    request.setEncoding('utf8');
    for await (const chunk of request) body += chunk;
    let answer: Answer;
    try {
      answer = await this.systemctl(body.trim().split(/\s+/).filter(Boolean));
    } catch (error) {
      answer = { code: EXIT.failed, output: `systemctl stand-in: ${error instanceof Error ? error.message : String(error)}` };
    }
    response.end(`${answer.code}:${answer.output ?? ''}`);
  }

  /** One `systemctl` call. Unknown verbs fail loudly, so a script using one is noticed. */
  async systemctl(argv: readonly string[]): Promise<Answer> {
    const quiet = argv.includes('--quiet') || argv.includes('-q');
    const now = argv.includes('--now');
    const properties: string[] = [];
    const words: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      if (arg === '-p' || arg === '--property') properties.push(...(argv[++i] ?? '').split(','));
      else if (arg.startsWith('--property=')) properties.push(...arg.slice('--property='.length).split(','));
      else if (!arg.startsWith('-')) words.push(arg);
    }
    const [verb, ...units] = words;
    if (verb === 'daemon-reload') return { code: EXIT.ok };
    const unit = units.map((u) => u.replace(/\.service$/, ''));
    if (unit.length !== 1) return { code: EXIT.failed, output: `systemctl stand-in: expected one unit, got "${argv.join(' ')}"` };
    if (unit[0] !== UNIT) return { code: EXIT.noUnit, output: `Unit ${unit[0]}.service could not be found.` };
    const say = (code: number, text: string): Answer => ({ code, output: quiet ? undefined : text });

    switch (verb) {
      case 'is-active':
        return this.active ? say(EXIT.ok, 'active') : say(EXIT.inactive, 'inactive');
      case 'is-enabled':
        return this.enabled ? say(EXIT.ok, 'enabled') : say(EXIT.failed, 'disabled');
      case 'enable':
        this.enabled = true;
        if (now) return this.start();
        return { code: EXIT.ok };
      case 'disable':
        this.enabled = false;
        if (now) await this.stop();
        return { code: EXIT.ok };
      case 'start':
        return this.start();
      case 'stop':
        await this.stop();
        return { code: EXIT.ok };
      case 'restart':
        await this.stop();
        return this.start();
      case 'reload':
        if (!this.active) return { code: EXIT.failed, output: 'keepalived.service is not active, cannot reload.' };
        this.node.reloadKeepalived();
        return { code: EXIT.ok };
      case 'show':
        return {
          code: EXIT.ok,
          output: properties.map((p) => `${p}=${p === 'ActiveEnterTimestampMonotonic' ? (this.active ? this.activeSince : 0n) : ''}`).join('\n'),
        };
      default:
        return { code: EXIT.failed, output: `systemctl stand-in: "${verb}" is not something the lab plays` };
    }
  }

  /** `systemctl start`: returns once keepalived has written its pid file (Type=forking), fails if it exits. */
  async start(): Promise<Answer> {
    if (this.active) return { code: EXIT.ok };
    if (!this.node.up) throw new Error(`node ${this.node.spec.index} is stopped`);
    this.node.startKeepalived();
    this.activeSince = process.hrtime.bigint() / 1000n;
    if (await this.node.keepalivedStarted()) return { code: EXIT.ok };
    return { code: EXIT.failed, output: 'Job for keepalived.service failed because the control process exited with error code.' };
  }

  async stop(): Promise<void> {
    if (this.active) await this.node.stopKeepalived('SIGTERM');
  }
}
