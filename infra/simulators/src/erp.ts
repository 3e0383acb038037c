import { Feed, type Generated } from './feed';
import { startFeedServer, type Answer } from './server';
import { Random } from './random';
import { beijingWall, beijingWithOffset, yuan } from './time';
import { NO_FAULTS, type ExpectedRecord, type Knobs, type RunningSimulator, type SimCompound, type WorkOrderStatus } from './types';

export type ErpShape = 'erp-a' | 'erp-b';

export interface ErpSimulatorOptions {
  shape: ErpShape;
  seed: number | string;
  /** The firm whose ERP this is (its records are for compounds it serves). */
  firmId: string;
  compounds: SimCompound[];
  /** Records generated at start; `extend` adds more. */
  records: number;
  port?: number;
  knobs?: Partial<Knobs>;
  /** First record's time; records follow each other by seeded steps of seconds. Default 2026-11-01T00:00:00Z. */
  startAt?: string;
  /** When set, page requests must carry `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
}

export interface RunningErpSimulator extends RunningSimulator {
  /**
   * Appends the firm's progress on a hub work order (one made from a resident request): one
   * version per status, the last COMPLETED one with a photo. Returns the ERP order number used.
   */
  appendHubOrder(input: { hubWorkOrderId: string; compoundId: string; statuses: WorkOrderStatus[] }): string;
}

type WorkOrder = Extract<ExpectedRecord, { kind: 'WORK_ORDER' }>;
type RecordOf<K extends ExpectedRecord['kind']> = Extract<ExpectedRecord, { kind: K }>;

const CATEGORIES = ['水电维修', '管道疏通', '电梯故障', '门禁维修', '绿化养护', '公共照明'];
const PLACES = ['1幢1单元', '3幢2单元', '5幢301', '地下车库', '北门岗亭', '中心花园'];
const WORKERS = ['王师傅', '李师傅', '赵师傅', '陈师傅'];
const INSPECTORS = ['张伟', '刘洋', '孙丽'];
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const STATES_A: Record<WorkOrderStatus, string> = { NEW: 'open', ASSIGNED: 'assigned', IN_PROGRESS: 'working', COMPLETED: 'done', CANCELLED: 'void' };
const STATES_B: Record<WorkOrderStatus, string> = { NEW: '待派单', ASSIGNED: '已派单', IN_PROGRESS: '处理中', COMPLETED: '已完成', CANCELLED: '已取消' };

/** Vendor A's JSON change items (see the adapter erp-a). */
function encodeA(r: ExpectedRecord): { raw: Record<string, unknown>; broken: () => { raw: unknown; defect: string; reason: string } } {
  const item = (type: string, updatedAt: string, data: Record<string, unknown>) => ({ type, id: r.externalId, updatedAt: beijingWithOffset(updatedAt), data });
  switch (r.kind) {
    case 'WORK_ORDER': {
      const raw = item('workOrder', r.updatedAt, {
        communityId: r.compoundId,
        hubTicketId: r.hubWorkOrderId,
        category: r.category,
        urgency: r.priority === 'URGENT' ? 'urgent' : 'normal',
        summary: r.description,
        location: r.place,
        state: STATES_A[r.status],
        handler: r.assigneeName,
        resolution: r.resolutionNote,
        photos: r.completionPhotoUrls,
        createdAt: beijingWithOffset(r.createdAt),
        finishedAt: r.completedAt && beijingWithOffset(r.completedAt),
      });
      return { raw, broken: () => ({ raw: { ...raw, data: { ...raw.data, state: 'paused' } }, defect: 'unknown state', reason: 'data.state paused is not a known erp-a state' }) };
    }
    case 'INSPECTION': {
      const raw = item('inspection', r.inspectedAt, { communityId: r.compoundId, planId: r.planId, checkpoint: r.checkpointName, inspector: r.inspector, outcome: r.result === 'FINDING' ? 'issue' : 'ok', remark: r.note, photos: r.photoUrls, inspectedAt: beijingWithOffset(r.inspectedAt) });
      return { raw, broken: () => ({ raw: { ...raw, data: { ...raw.data, outcome: 'maybe' } }, defect: 'unknown outcome', reason: 'data.outcome' }) };
    }
    case 'GATE_EVENT': {
      const raw = item('gateEvent', r.at, { communityId: r.compoundId, plateNo: r.plate, gateCode: r.gate, direction: r.direction === 'ENTRY' ? 'in' : 'out', passedAt: beijingWithOffset(r.at) });
      return { raw, broken: () => ({ raw: { ...raw, data: { ...raw.data, passedAt: beijingWall(r.at) } }, defect: 'time without offset', reason: 'data.passedAt' }) };
    }
    case 'FEE_RECEIPT': {
      const raw = item('feeReceipt', r.receivedAt, { communityId: r.compoundId, feeType: r.feeKind === 'PARKING_PASS' ? 'monthlyPass' : 'temporary', plateNo: r.plate, amount: yuan(r.amountFen), paidAt: beijingWithOffset(r.receivedAt) });
      return { raw, broken: () => ({ raw: { ...raw, data: { ...raw.data, amount: `${yuan(r.amountFen)}x` } }, defect: 'amount not in yuan', reason: 'is not a yuan amount' }) };
    }
    default:
      throw new Error(`an ERP does not send ${r.kind}`);
  }
}

/** Vendor B's flat rows (see the adapter erp-b). */
function encodeB(r: ExpectedRecord): { raw: Record<string, unknown>; broken: () => { raw: unknown; defect: string; reason: string } } {
  const base = (type: string, updatedAt: string) => ({ record_type: type, record_no: r.externalId, xq_code: r.compoundId, modify_time: beijingWall(updatedAt) });
  const pics = (urls: string[]) => (urls.length ? urls.join(',') : null);
  switch (r.kind) {
    case 'WORK_ORDER': {
      const raw = {
        ...base('WO', r.updatedAt),
        hub_order_id: r.hubWorkOrderId ?? '',
        repair_type: r.category,
        is_urgent: r.priority === 'URGENT' ? 1 : 0,
        content: r.description,
        address: r.place,
        status: STATES_B[r.status],
        worker_name: r.assigneeName,
        finish_note: r.resolutionNote,
        finish_pics: pics(r.completionPhotoUrls),
        create_time: beijingWall(r.createdAt),
        finish_time: r.completedAt && beijingWall(r.completedAt),
      };
      return { raw, broken: () => ({ raw: { ...raw, status: '已暂停' }, defect: 'unknown status', reason: 'status 已暂停 is not a known erp-b status' }) };
    }
    case 'INSPECTION': {
      const raw = { ...base('XJ', r.inspectedAt), plan_id: r.planId, point_name: r.checkpointName, patrol_user: r.inspector, patrol_result: r.result === 'FINDING' ? '异常' : '正常', remark: r.note, pics: pics(r.photoUrls), patrol_time: beijingWall(r.inspectedAt) };
      return { raw, broken: () => ({ raw: { ...raw, patrol_result: '未知' }, defect: 'unknown patrol result', reason: 'patrol_result' }) };
    }
    case 'GATE_EVENT': {
      const raw = { ...base('DZ', r.at), car_no: r.plate, gate_no: r.gate, io_flag: r.direction === 'ENTRY' ? 1 : 2, pass_time: beijingWall(r.at) };
      return { raw, broken: () => ({ raw: { ...raw, pass_time: beijingWithOffset(r.at) }, defect: 'ISO time instead of Beijing wall time', reason: 'pass_time' }) };
    }
    case 'FEE_RECEIPT': {
      const raw = { ...base('SF', r.receivedAt), charge_type: r.feeKind === 'PARKING_PASS' ? 'YK' : 'LS', car_no: r.plate, amount_fen: r.amountFen, pay_time: beijingWall(r.receivedAt) };
      return { raw, broken: () => ({ raw: { ...raw, amount_fen: r.amountFen + 0.5 }, defect: 'fractional fen', reason: `amount_fen ${r.amountFen + 0.5} is not a whole number of fen` }) };
    }
    default:
      throw new Error(`an ERP does not send ${r.kind}`);
  }
}

/**
 * Generates a firm's ERP activity: work orders moving through their states (sometimes skipping
 * steps, as ERPs do), patrol visits, gate passages of vehicles entering and leaving, and parking
 * fee receipts, on a clock that advances by seeded steps.
 */
class ErpGenerator {
  private readonly random: Random;
  private clock: number;
  private readonly step: number;
  private seq = 0;
  private readonly open: WorkOrder[] = [];
  private readonly inside = new Map<string, string[]>();

  constructor(
    private readonly options: ErpSimulatorOptions,
    private readonly encode: typeof encodeA,
  ) {
    this.random = new Random(options.seed);
    this.clock = new Date(options.startAt ?? '2026-11-01T00:00:00Z').getTime();
    // About two weeks of activity for the initial records, whatever their number.
    this.step = Math.max(2, Math.floor((2 * 14 * 86_400) / Math.max(options.records, 1)));
    if (options.compounds.length === 0) throw new Error('give the ERP simulator at least one compound');
  }

  private tick(): string {
    this.clock += this.random.int(1, this.step) * 1000;
    return new Date(this.clock).toISOString();
  }

  private id(prefix: string): string {
    return `${prefix}${String(++this.seq).padStart(7, '0')}`;
  }

  private plate(): string {
    let tail = '';
    for (let i = 0; i < 5; i++) tail += this.random.pick([...PLATE_CHARS]);
    return `浙B${tail}`;
  }

  private wrap(record: ExpectedRecord): Generated {
    const { raw, broken } = this.encode(record);
    return { record, raw, broken };
  }

  next(): Generated {
    const at = this.tick();
    const roll = this.random.next();
    if (this.open.length && roll < 0.3) return this.wrap(this.advance(this.random.int(0, this.open.length - 1), at));
    const compound = this.random.pick(this.options.compounds);
    const kind = this.random.next();
    if (kind < 0.3) return this.wrap(this.newOrder(compound.id, at));
    if (kind < 0.45 && compound.inspection) return this.wrap(this.patrol(compound, at));
    if (kind < 0.85 && compound.gates.length) return this.wrap(this.passage(compound, at));
    return this.wrap(this.receipt(compound.id, at));
  }

  private newOrder(compoundId: string, at: string): WorkOrder {
    const order: WorkOrder = {
      kind: 'WORK_ORDER',
      externalId: this.id('WO'),
      compoundId,
      hubWorkOrderId: null,
      category: this.random.pick(CATEGORIES),
      priority: this.random.chance(0.2) ? 'URGENT' : 'NORMAL',
      description: `${this.random.pick(PLACES)}${this.random.pick(['灯不亮', '漏水', '门禁失灵', '地面破损', '噪音扰民'])}`,
      place: this.random.pick(PLACES),
      status: 'NEW',
      assigneeName: null,
      resolutionNote: null,
      completionPhotoUrls: [],
      createdAt: at,
      updatedAt: at,
      completedAt: null,
    };
    this.open.push(order);
    return order;
  }

  private advance(index: number, at: string): WorkOrder {
    const current = this.open[index];
    const r = this.random.next();
    const next: WorkOrderStatus = ((): WorkOrderStatus => {
      switch (current.status) {
        case 'NEW':
          return r < 0.6 ? 'ASSIGNED' : r < 0.75 ? 'IN_PROGRESS' : r < 0.9 ? 'COMPLETED' : 'CANCELLED';
        case 'ASSIGNED':
          return r < 0.85 ? 'IN_PROGRESS' : 'CANCELLED';
        default:
          return 'COMPLETED';
      }
    })();
    const version = this.version(current, next, at);
    if (next === 'COMPLETED' || next === 'CANCELLED') this.open.splice(index, 1);
    else this.open[index] = version;
    return version;
  }

  private version(current: WorkOrder, status: WorkOrderStatus, at: string): WorkOrder {
    return {
      ...current,
      status,
      updatedAt: at,
      assigneeName: status === 'NEW' ? current.assigneeName : (current.assigneeName ?? this.random.pick(WORKERS)),
      resolutionNote: status === 'COMPLETED' ? '已处理完毕' : status === 'CANCELLED' ? '业主取消报修' : null,
      completionPhotoUrls: status === 'COMPLETED' ? [`https://img.example.com/erp/${current.externalId}.jpg`] : [],
      completedAt: status === 'COMPLETED' ? at : null,
    };
  }

  private patrol(compound: SimCompound, at: string): RecordOf<'INSPECTION'> {
    const finding = this.random.chance(0.1);
    return {
      kind: 'INSPECTION',
      externalId: this.id('XJ'),
      compoundId: compound.id,
      planId: compound.inspection!.planId,
      checkpointName: this.random.pick(compound.inspection!.checkpoints),
      inspector: this.random.pick(INSPECTORS),
      result: finding ? 'FINDING' : 'OK',
      note: finding ? this.random.pick(['消防门未关', '水泵渗漏', '照明损坏']) : null,
      photoUrls: [],
      inspectedAt: at,
    };
  }

  private passage(compound: SimCompound, at: string): RecordOf<'GATE_EVENT'> {
    const inside = this.inside.get(compound.id) ?? [];
    this.inside.set(compound.id, inside);
    const leaving = inside.length > 0 && (inside.length >= 30 || this.random.chance(0.5));
    let plate: string;
    if (leaving) plate = inside.splice(this.random.int(0, inside.length - 1), 1)[0];
    else {
      plate = this.plate();
      inside.push(plate);
    }
    return { kind: 'GATE_EVENT', externalId: this.id('DZ'), compoundId: compound.id, plate, gate: this.random.pick(compound.gates), direction: leaving ? 'EXIT' : 'ENTRY', at };
  }

  private receipt(compoundId: string, at: string): RecordOf<'FEE_RECEIPT'> {
    const pass = this.random.chance(0.4);
    return {
      kind: 'FEE_RECEIPT',
      externalId: this.id('SF'),
      compoundId,
      feeKind: pass ? 'PARKING_PASS' : 'PARKING_TEMPORARY',
      plate: pass || this.random.chance(0.7) ? this.plate() : null,
      amountFen: pass ? this.random.int(150, 400) * 100 : this.random.int(1, 120) * 50 + this.random.int(0, 1) * 5,
      receivedAt: at,
    };
  }

  hubOrder(input: { hubWorkOrderId: string; compoundId: string; statuses: WorkOrderStatus[] }): Generated[] {
    const at = this.tick();
    let order: WorkOrder = {
      kind: 'WORK_ORDER',
      externalId: this.id('HUB'),
      compoundId: input.compoundId,
      hubWorkOrderId: input.hubWorkOrderId,
      category: '居民报事',
      priority: 'NORMAL',
      description: '居民报事转派',
      place: null,
      status: 'NEW',
      assigneeName: null,
      resolutionNote: null,
      completionPhotoUrls: [],
      createdAt: at,
      updatedAt: at,
      completedAt: null,
    };
    return input.statuses.map((status) => {
      order = this.version(order, status, this.tick());
      return this.wrap(order);
    });
  }
}

/** Starts a simulated property-firm ERP serving pages in vendor A's or vendor B's shape. */
export async function startErpSimulator(options: ErpSimulatorOptions): Promise<RunningErpSimulator> {
  let knobs: Knobs = { ...NO_FAULTS, ...options.knobs };
  const feed = new Feed(options.seed, () => knobs);
  const generator = new ErpGenerator(options, options.shape === 'erp-a' ? encodeA : encodeB);
  const extend = (count: number) => {
    for (let i = 0; i < count; i++) feed.push(generator.next());
  };
  extend(options.records);

  const route = (url: URL): Answer | null => {
    if (options.shape === 'erp-a' && url.pathname === '/api/v1/changes') {
      const since = url.searchParams.get('since');
      const from = since === null ? 0 : /^c[0-9]{1,9}$/.test(since) ? Number(since.slice(1)) : NaN;
      const limit = Number(url.searchParams.get('limit') ?? 100);
      if (!Number.isInteger(from) || !Number.isInteger(limit) || limit < 1 || limit > 5000) return { status: 400, body: { error: 'since must be a cursor this server gave, limit 1 to 5000' } };
      const to = Math.min(feed.items.length, from + limit);
      return { status: 200, body: { items: feed.raw(from, to), next: `c${Math.max(to, from)}`, more: to < feed.items.length } };
    }
    if (options.shape === 'erp-b' && url.pathname === '/openapi/records') {
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const size = Number(url.searchParams.get('page_size') ?? 100);
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(size) || size < 1 || size > 5000) return { status: 200, body: { code: 4001, msg: '参数错误: offset, page_size', data: null } };
      const to = Math.min(feed.items.length, offset + size);
      return { status: 200, body: { code: 0, msg: 'ok', data: { rows: feed.raw(offset, to), total: feed.items.length, next_offset: Math.max(to, offset) } } };
    }
    return null;
  };
  const server = await startFeedServer({ port: options.port, token: options.token, seed: options.seed, knobs: () => knobs, route });
  return {
    url: server.url,
    port: server.port,
    stop: server.stop,
    stats: server.stats,
    expected: () => feed.expected(),
    setKnobs: (next) => void (knobs = { ...knobs, ...next }),
    extend,
    pushBody: (from, to) => ({ records: feed.raw(from, to) }),
    appendHubOrder(input) {
      const versions = generator.hubOrder(input);
      for (const v of versions) feed.push(v);
      return versions[0].record.externalId;
    },
  };
}
