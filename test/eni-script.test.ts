import { spawnSync } from 'child_process';
import { renderBootScript } from '../lib/boot-script';
import { ENI_INTERFACE_PLACEHOLDER, ENI_MAC_PLACEHOLDER, ENI_SCRIPT_PATH, renderEniScript } from '../lib/eni-script';
import { clusterKeepalivedConfigs, renderKeepalivedConfig } from '../lib/keepalived';
import { keepalivedConfigTest, testWithKeepalived } from './support/keepalived-config-test';

const NODES = [{ privateIp: '192.168.0.25' }, { privateIp: '192.168.0.26' }];
const eniConfig = renderKeepalivedConfig(
  clusterKeepalivedConfigs({ virtualRouterId: 51, interface: ENI_INTERFACE_PLACEHOLDER, trackInterfaces: ['eth0'] }, NODES, '192.168.0.24')[0],
);
const eniScript = renderEniScript({ mac: ENI_MAC_PLACEHOLDER, address: '192.168.0.25', prefixLength: 24 });

describe('renderEniScript', () => {
  test('finds the interface by the MAC Terraform substitutes, read through a quoted heredoc and checked', () => {
    expect(eniScript).toContain(`mac=$(cat <<'HAVIP_ENI_MAC_END'\n${ENI_MAC_PLACEHOLDER}\nHAVIP_ENI_MAC_END\n)`);
    expect(eniScript).toContain('address=192.168.0.25\nprefix=24\nwait_seconds=${1:-60}');
    expect(eniScript).toContain('ip addr add "$address/$prefix" dev "$name"');
    expect(spawnSync('sh', ['-n'], { input: eniScript }).status).toBe(0);
  });

  test('a literal MAC is accepted; anything else is refused', () => {
    expect(renderEniScript({ mac: '00:16:3E:12:34:56', address: '192.168.0.25', prefixLength: 24 })).toContain('\n00:16:3E:12:34:56\n');
    expect(() => renderEniScript({ mac: "00:16:3e:12:34:56'; reboot", address: '192.168.0.25', prefixLength: 24 })).toThrow('is not a MAC address');
    expect(() => renderEniScript({ mac: ENI_MAC_PLACEHOLDER, address: '192.168.0.25; reboot', prefixLength: 24 })).toThrow('is not an IPv4 address');
    expect(() => renderEniScript({ mac: ENI_MAC_PLACEHOLDER, address: '192.168.0.25', prefixLength: 33 })).toThrow('is not a mask length');
  });

  test('a value Terraform substitutes that is not a MAC stops the script before any change', () => {
    const script = eniScript.replace(ENI_MAC_PLACEHOLDER, "x'; touch /tmp/havip-pwned; '");
    const result = spawnSync('sh', ['-s', '0'], { input: script, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("the ENI's MAC address is not a MAC address");
  });

  test('no interface with the MAC: fails after the wait, naming the MAC', () => {
    const script = eniScript.replace(ENI_MAC_PLACEHOLDER, '02:00:00:00:00:99');
    const result = spawnSync('sh', ['-s', '0'], { input: script, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("no interface has the ENI's MAC address 02:00:00:00:00:99 after 0 s");
  });
});

describe('renderBootScript for an ENI member of a gateway', () => {
  const boot = renderBootScript({ keepalivedConfig: eniConfig, eniScript, ipForward: true });

  test('forwarding on now and at every boot; the ENI script before keepalived, every start', () => {
    expect(boot).toContain("cat > /etc/sysctl.d/90-havip-gateway.conf <<'HAVIP_KEEPALIVED_CONF_END'\n# Generated");
    expect(boot).toContain('net.ipv4.ip_forward = 1\nHAVIP_KEEPALIVED_CONF_END');
    expect(boot).toContain('echo 1 > /proc/sys/net/ipv4/ip_forward');
    expect(boot).toContain(`[Service]\nExecStartPre=${ENI_SCRIPT_PATH} 60\n`);
    const order = [
      `cat > ${ENI_SCRIPT_PATH}`,
      `eni_interface=$(${ENI_SCRIPT_PATH} 600)`,
      `sed -i "s/${ENI_INTERFACE_PLACEHOLDER}/$eni_interface/g" /etc/keepalived/keepalived.conf`,
      'keepalived --config-test',
      'systemctl daemon-reload',
      'systemctl restart keepalived',
    ].map((step) => boot.indexOf(step));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(spawnSync('sh', ['-n'], { input: boot }).status).toBe(0);
  });

  test('an ENI member needs the interface placeholder in its config', () => {
    const plain = renderKeepalivedConfig(clusterKeepalivedConfigs({ virtualRouterId: 51 }, NODES, '192.168.0.24')[0]);
    expect(() => renderBootScript({ keepalivedConfig: plain, eniScript })).toThrow(ENI_INTERFACE_PLACEHOLDER);
  });

  test('without ENI and forwarding the script is what it was (user_data of running clusters unchanged)', () => {
    const plain = renderKeepalivedConfig(clusterKeepalivedConfigs({ virtualRouterId: 51 }, NODES, '192.168.0.24')[0]);
    const script = renderBootScript({ keepalivedConfig: plain });
    expect(script).not.toMatch(/ip_forward|havip-eni|daemon-reload/);
    expect(script).toContain("mkdir -p -m 0755 /etc/keepalived\ncat > /etc/keepalived/keepalived.conf <<'HAVIP_KEEPALIVED_CONF_END'\n");
  });

  testWithKeepalived('real keepalived accepts the ENI config once the interface name is in place', () => {
    const config = eniConfig.replace(ENI_INTERFACE_PLACEHOLDER, 'eth1');
    expect(config).toContain('    interface eth1\n');
    expect(config).toContain('    unicast_src_ip 192.168.0.25\n');
    const result = keepalivedConfigTest(config);
    expect(result).toEqual({ exitCode: 0, output: "" });
  });
});
