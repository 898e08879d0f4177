// Shared pieces of the 经审监督 pages: the lookups (units, users, books, categories, what the caller may
// do), the projector mode (larger type for the committee's meetings), status tags, amounts and a simple
// SVG bar chart (no chart library).
import { useEffect, useState, type ReactNode } from 'react';
import { App as AntApp, Button, ConfigProvider, Flex, Modal, Switch, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatFen } from '../../format';
import { numStyle } from '../../components/page';
import type { OversightLookups } from '../../../../shared/contract/oversight';

const { Text } = Typography;

export const Dash = () => <Text type="secondary">—</Text>;

export function Fen({ v }: { v: number | null | undefined }) {
  if (v === null || v === undefined) return <Dash />;
  return <span style={numStyle}>{formatFen(v)}</span>;
}

/** The lookups; while presenting, every writing control is hidden (canWrite/canClose false, no unit of one's own). */
export function useLookups() {
  const r = useApi('oversight.lookups', {});
  const [presenting] = usePresenting();
  if (!presenting || !r.data) return r;
  return { ...r, data: { ...r.data, canWrite: false, canClose: false, myUnitId: null } };
}

export { useYearState as useYear, YearPicker } from '../../components/year';


const PROJECTOR_KEY = 'oversight.projector';
const PROJECTOR_EVENT = 'oversight-projector';

/**
 * 会议投影模式: larger type for the committee's meeting room, and read-only — no writing control is shown
 * while the screen is presented (kept per computer in localStorage, shared by the four pages).
 */
export function usePresenting(): [boolean, (v: boolean) => void] {
  const [on, setOn] = useState(() => typeof localStorage !== 'undefined' && localStorage.getItem(PROJECTOR_KEY) === '1');
  useEffect(() => {
    const sync = () => setOn(localStorage.getItem(PROJECTOR_KEY) === '1');
    window.addEventListener(PROJECTOR_EVENT, sync);
    return () => window.removeEventListener(PROJECTOR_EVENT, sync);
  }, []);
  const set = (v: boolean) => {
    localStorage.setItem(PROJECTOR_KEY, v ? '1' : '0');
    window.dispatchEvent(new Event(PROJECTOR_EVENT));
  };
  return [on, set];
}

/** Larger type and controls for showing the screen on a projector in the committee's meetings. */
export function ProjectorFrame({ children, testId }: { children: ReactNode; testId: string }) {
  const [on] = usePresenting();
  return (
    <ConfigProvider theme={on ? { token: { fontSize: 18, controlHeight: 40, fontSizeHeading4: 26 } } : undefined}>
      <div data-testid={testId} data-projector={on ? 'on' : 'off'} style={on ? { lineHeight: 1.7 } : undefined}>
        {children}
      </div>
    </ConfigProvider>
  );
}

export function ProjectorSwitch() {
  const [on, set] = usePresenting();
  return (
    <Flex align="center" gap={6}>
      <Text type="secondary">会议投影（只读）</Text>
      <Switch checked={on} onChange={set} data-testid="oversight-projector" />
    </Flex>
  );
}

export function ReadOnlyTag({ lookups }: { lookups: OversightLookups | undefined }) {
  if (!lookups || lookups.canWrite) return null;
  return (
    <Tag color="default" data-testid="oversight-readonly">
      只读查阅
    </Tag>
  );
}

const RECT_COLORS: Record<string, string> = { 未整改: 'red', 整改中: 'orange', 已整改: 'blue', 已销号: 'green' };
export function RectTag({ status, overdue }: { status: string; overdue?: boolean }) {
  return (
    <span data-testid="oversight-rect-status" data-status={status}>
      <Tag color={RECT_COLORS[status]}>{status}</Tag>
      {overdue && (
        <Tag color="error" data-testid="oversight-overdue">
          逾期
        </Tag>
      )}
    </span>
  );
}

const SEVERITY_COLORS: Record<string, string> = { 一般: 'default', 较重: 'orange', 严重: 'red' };
export const SeverityTag = ({ v }: { v: string }) => <Tag color={SEVERITY_COLORS[v]}>{v}</Tag>;

/** Horizontal bars (SVG): label, bar, value. */
export function Bars({ rows, testId, format = (n) => String(n) }: { rows: Array<{ label: string; value: number }>; testId: string; format?: (n: number) => string }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowH = 30;
  const labelW = 220;
  const barW = 420;
  if (!rows.length) return <Text type="secondary">暂无数据</Text>;
  return (
    <svg width={labelW + barW + 120} height={rows.length * rowH + 8} role="img" data-testid={testId} style={{ maxWidth: '100%' }}>
      {rows.map((r, i) => {
        const w = Math.max(2, Math.round((r.value / max) * barW));
        return (
          <g key={r.label} transform={`translate(0, ${i * rowH + 4})`} data-testid={`${testId}-bar`} data-label={r.label} data-value={r.value}>
            <text x={labelW - 8} y={rowH / 2 + 5} textAnchor="end" fontSize={14}>{r.label.length > 14 ? `${r.label.slice(0, 14)}…` : r.label}</text>
            <rect x={labelW} y={4} width={w} height={rowH - 10} fill="#1677ff" rx={3} />
            <text x={labelW + w + 8} y={rowH / 2 + 5} fontSize={14}>{format(r.value)}</text>
          </g>
        );
      })}
    </svg>
  );
}

const PRINT_CSS = `
@media print {
  body * { visibility: hidden !important; }
  .oversight-print, .oversight-print * { visibility: visible !important; }
  .oversight-print { position: fixed; left: 0; top: 0; width: 100%; padding: 10mm; }
}
.oversight-print { font-family: 宋体, SimSun, serif; font-size: 14px; line-height: 1.8; }
.oversight-print h2 { text-align: center; font-size: 22px; margin: 0 0 12px; }
.oversight-print h3 { font-size: 16px; margin: 12px 0 4px; }
.oversight-print table { width: 100%; border-collapse: collapse; }
.oversight-print th, .oversight-print td { border: 1px solid #333; padding: 4px 6px; font-size: 13px; vertical-align: top; }
.oversight-print td.amt { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
`;

/** A print preview: the browser's print (or the desktop's PDF) prints only this content. */
export function PrintModal({ title, fileName, onClose, children, testId }: { title: string; fileName: string; onClose: () => void; children: ReactNode; testId: string }) {
  const { message } = AntApp.useApp();
  return (
    <Modal open width={960} title={title} onCancel={onClose}
      footer={<Button type="primary" icon={<PrinterOutlined />} data-testid={`${testId}-print`} onClick={async () => {
        try {
          const saved = await api.os.printToPDF({ defaultName: fileName });
          if (saved) message.success(`已保存：${saved}`);
        } catch (e) {
          message.error(ApiCallError.from(e).message);
        }
      }}>打印 / 另存为 PDF</Button>}>
      <style>{PRINT_CSS}</style>
      <div className="oversight-print" data-testid={testId}>{children}</div>
    </Modal>
  );
}
