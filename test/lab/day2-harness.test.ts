// The day-2 lab's own logic, without root: decoding delivered scripts, the stand-in systemd's
// answers, and the figures (VIP moves, two masters at once).
import { decodeScript } from './harness/day2';
import { longestOverlap, moves } from './harness/day2-steps';
import type { LabNode, Sample } from './harness/lab';
import { ServiceManager, systemctlStandIn } from './harness/systemd';

describe('decodeScript', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');

  test('plain base64', () => {
    expect(decodeScript(b64('#!/bin/sh\necho hi\n'), '10.0.0.1')).toBe('#!/bin/sh\necho hi\n');
  });

  test("the construct's HaVip-address expression: the placeholder becomes the lab's HaVip address everywhere", () => {
    const expression = `\${base64encode(replace(base64decode("${b64('vip @@HAVIP_IP_ADDRESS@@ and @@HAVIP_IP_ADDRESS@@')}"), "@@HAVIP_IP_ADDRESS@@", alicloud_havip.cluster_havip_1234ABCD.ip_address))}`;
    expect(decodeScript(expression, '192.168.0.24')).toBe('vip 192.168.0.24 and 192.168.0.24');
  });

  test('anything else is refused, never guessed', () => {
    expect(() => decodeScript('${file("x")}', '10.0.0.1')).toThrow(/neither base64 nor the HaVip-address expression/);
    expect(() => decodeScript(42, '10.0.0.1')).toThrow(/not a string/);
  });
});

describe('the stand-in systemd', () => {
  /** A node whose keepalived "runs" while `running` is true; reloads are counted. */
  function fakeNode() {
    const state = { running: false, reloads: 0, starts: 0 };
    const node = {
      spec: { index: 1 },
      up: true,
      get keepalived() {
        return { running: state.running };
      },
      startKeepalived: () => {
        state.running = true;
        state.starts++;
      },
      keepalivedStarted: async () => true,
      stopKeepalived: async () => {
        state.running = false;
      },
      reloadKeepalived: () => {
        state.reloads++;
      },
    };
    return { state, services: new ServiceManager(node as unknown as LabNode, '/nonexistent.sock') };
  }

  test('enable, is-enabled, start, is-active, reload (SIGHUP), stop: as systemctl answers them', async () => {
    const { state, services } = fakeNode();
    expect(await services.systemctl(['is-enabled', 'keepalived'])).toEqual({ code: 1, output: 'disabled' });
    expect(await services.systemctl(['is-active', '--quiet', 'keepalived'])).toEqual({ code: 3, output: undefined });
    expect(await services.systemctl(['reload', 'keepalived'])).toEqual({ code: 1, output: 'keepalived.service is not active, cannot reload.' });
    expect(await services.systemctl(['enable', 'keepalived.service'])).toEqual({ code: 0 });
    expect(state.starts).toBe(0);
    expect(await services.systemctl(['start', 'keepalived'])).toEqual({ code: 0 });
    expect(await services.systemctl(['is-active', 'keepalived'])).toEqual({ code: 0, output: 'active' });
    expect(await services.systemctl(['reload', 'keepalived'])).toEqual({ code: 0 });
    expect(state.reloads).toBe(1);
    const shown = await services.systemctl(['show', '-p', 'ActiveEnterTimestampMonotonic', 'keepalived']);
    expect(shown.output).toMatch(/^ActiveEnterTimestampMonotonic=[1-9]\d*$/);
    expect(await services.systemctl(['disable', '--now', 'keepalived'])).toEqual({ code: 0 });
    expect(state.running).toBe(false);
    expect(services.enabled).toBe(false);
  });

  test('enable --now starts; start of a running unit does nothing', async () => {
    const { state, services } = fakeNode();
    await services.systemctl(['enable', '--now', 'keepalived']);
    await services.systemctl(['start', 'keepalived']);
    expect(state.starts).toBe(1);
  });

  test('another unit is not found; a verb the lab does not play fails loudly', async () => {
    const { services } = fakeNode();
    expect(await services.systemctl(['start', 'nginx'])).toEqual({ code: 5, output: 'Unit nginx.service could not be found.' });
    expect((await services.systemctl(['mask', 'keepalived'])).code).toBe(1);
    expect(await services.systemctl(['daemon-reload'])).toEqual({ code: 0 });
  });

  test('the stand-in script records the call and asks the lab over the Unix socket with curl', () => {
    const script = systemctlStandIn('/lab/n1/calls.log', '/lab/n1/systemd.sock');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain(`printf '%s\\n' "systemctl $*" >> '/lab/n1/calls.log'`);
    expect(script).toContain("--unix-socket '/lab/n1/systemd.sock' --data-binary \"$*\" http://systemd/");
  });
});

describe('day-2 figures', () => {
  const sample = (t: number, body: string | undefined): Sample => ({ tStart: t, tEnd: t + 5, ok: body !== undefined, body: body ?? 'timeout' });

  test('moves: changes of the answering node, failures skipped, from the node serving before', () => {
    const samples = [sample(0, 'ECS 1'), sample(100, undefined), sample(200, 'ECS 2'), sample(300, 'ECS 2'), sample(400, 'ECS 1')];
    expect(moves(samples)).toBe(2);
    expect(moves(samples.slice(2), 'ECS 1')).toBe(2);
    expect(moves([], 'ECS 1')).toBe(0);
  });

  test('longestOverlap: the longest stretch with two masters or more', () => {
    const intervals = new Map<string, Array<[number, number]>>([
      ['a', [[0, 1000], [3000, 5000]]],
      ['b', [[900, 1200], [3500, 3600]]],
      ['c', [[3550, 4000]]],
    ]);
    // a+b 900-1000 (100), a+b(+c) 3500-4000 (500)
    expect(longestOverlap(intervals)).toBe(500);
    expect(longestOverlap(new Map([['a', [[0, 10]]]]))).toBe(0);
  });
});
