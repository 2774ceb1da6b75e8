// The simulated vehicle's parameters: ArduCopter names, types and values
// close to a stock quad's, in a fixed order (a GCS addresses them by index
// too). Values are held as 32-bit floats, as PARAM_VALUE carries them.

import { MAV_PARAM_TYPE } from '../mavlink/dialect';

const {
  MAV_PARAM_TYPE_INT8: INT8,
  MAV_PARAM_TYPE_INT16: INT16,
  MAV_PARAM_TYPE_INT32: INT32,
} = MAV_PARAM_TYPE;
const REAL32 = MAV_PARAM_TYPE.MAV_PARAM_TYPE_REAL32;

export type ParamType = typeof INT8 | typeof INT16 | typeof INT32 | typeof REAL32;

export interface ParamDef {
  readonly name: string;
  readonly type: ParamType;
  readonly value: number;
  readonly min?: number;
  readonly max?: number;
}

/** The widest range a parameter type holds; an INT32 as float loses precision beyond 2^24 anyway. */
const TYPE_RANGE: Record<ParamType, readonly [number, number]> = {
  [INT8]: [-128, 127],
  [INT16]: [-32768, 32767],
  [INT32]: [-2147483648, 2147483647],
  [REAL32]: [-3.4e38, 3.4e38],
};

type Row = readonly [name: string, type: ParamType, value: number, min?: number, max?: number];

// prettier-ignore
const CORE: readonly Row[] = [
  ['FORMAT_VERSION', INT16, 120],
  ['SYSID_THISMAV', INT16, 1, 1, 255],
  ['SYSID_MYGCS', INT16, 255, 1, 255],
  ['SYSID_ENFORCE', INT8, 0, 0, 1],
  ['FRAME_CLASS', INT8, 1, 0, 15],
  ['FRAME_TYPE', INT8, 1, 0, 19],
  ['ARMING_CHECK', INT32, 1],
  ['ARMING_RUDDER', INT8, 2, 0, 2],
  ['ARMING_ACCTHRESH', REAL32, 0.75, 0.25, 3],
  ['DISARM_DELAY', INT8, 10, 0, 127],
  ['ANGLE_MAX', INT16, 3000, 1000, 8000],
  ['PILOT_SPEED_UP', INT16, 250, 50, 500],
  ['PILOT_SPEED_DN', INT16, 0, 0, 500],
  ['PILOT_ACCEL_Z', INT16, 250, 50, 500],
  ['PILOT_THR_FILT', REAL32, 0, 0, 10],
  ['PILOT_TKOFF_ALT', REAL32, 0, 0, 1000],
  ['PILOT_Y_RATE', REAL32, 202.5, 1, 360],
  ['THR_DZ', INT16, 100, 0, 300],
  ['WPNAV_SPEED', REAL32, 1000, 10, 2000],
  ['WPNAV_RADIUS', REAL32, 200, 5, 1000],
  ['WPNAV_SPEED_UP', REAL32, 250, 10, 1000],
  ['WPNAV_SPEED_DN', REAL32, 150, 10, 500],
  ['WPNAV_ACCEL', REAL32, 250, 50, 500],
  ['WPNAV_ACCEL_Z', REAL32, 100, 50, 500],
  ['WPNAV_JERK', REAL32, 1, 1, 20],
  ['WPNAV_RFND_USE', INT8, 1, 0, 1],
  ['RTL_ALT', INT32, 1500, 200, 300000],
  ['RTL_ALT_FINAL', INT16, 0, 0, 1000],
  ['RTL_CLIMB_MIN', INT16, 0, 0, 3000],
  ['RTL_LOIT_TIME', INT32, 5000, 0, 60000],
  ['RTL_SPEED', INT16, 0, 0, 2000],
  ['RTL_CONE_SLOPE', REAL32, 3, 0.5, 10],
  ['LAND_SPEED', INT16, 100, 30, 200],
  ['LAND_SPEED_HIGH', INT16, 0, 0, 2500],
  ['LAND_ALT_LOW', INT16, 1000, 100, 10000],
  ['LAND_REPOSITION', INT8, 1, 0, 1],
  ['CIRCLE_RADIUS', REAL32, 5000, 0, 200000],
  ['CIRCLE_RATE', REAL32, 6, -90, 90],
  ['CIRCLE_OPTIONS', INT16, 1],
  ['LOIT_SPEED', REAL32, 1250, 20, 3500],
  ['LOIT_ACC_MAX', REAL32, 500, 100, 981],
  ['LOIT_BRK_ACCEL', REAL32, 250, 25, 250],
  ['LOIT_BRK_DELAY', REAL32, 1, 0, 2],
  ['LOIT_BRK_JERK', REAL32, 500, 500, 5000],
  ['LOIT_ANG_MAX', REAL32, 0, 0, 45],
  ['BATT_MONITOR', INT8, 4],
  ['BATT_CAPACITY', INT32, 5200, 0, 1000000],
  ['BATT_ARM_VOLT', REAL32, 0],
  ['BATT_ARM_MAH', INT32, 0],
  ['BATT_LOW_VOLT', REAL32, 14.2, 0, 100],
  ['BATT_CRT_VOLT', REAL32, 13.6, 0, 100],
  ['BATT_LOW_MAH', REAL32, 0],
  ['BATT_CRT_MAH', REAL32, 0],
  ['BATT_FS_LOW_ACT', INT8, 2, 0, 6],
  ['BATT_FS_CRT_ACT', INT8, 1, 0, 6],
  ['BATT_FS_VOLTSRC', INT8, 0, 0, 1],
  ['BATT_LOW_TIMER', INT8, 10, 0, 120],
  ['BATT_VOLT_MULT', REAL32, 10.1],
  ['BATT_AMP_PERVLT', REAL32, 17],
  ['BATT_AMP_OFFSET', REAL32, 0],
  ['BATT_VOLT_PIN', INT8, 13],
  ['BATT_CURR_PIN', INT8, 12],
  ['BATT_SERIAL_NUM', INT32, -1],
  ['FS_THR_ENABLE', INT8, 1, 0, 5],
  ['FS_THR_VALUE', INT16, 975, 910, 1100],
  ['FS_GCS_ENABLE', INT8, 0, 0, 7],
  ['FS_GCS_TIMEOUT', REAL32, 5, 2, 120],
  ['FS_EKF_ACTION', INT8, 1, 1, 3],
  ['FS_EKF_THRESH', REAL32, 0.8, 0.6, 1],
  ['FS_CRASH_CHECK', INT8, 1, 0, 1],
  ['FS_VIBE_ENABLE', INT8, 1, 0, 1],
  ['FS_OPTIONS', INT32, 16],
  ['FENCE_ENABLE', INT8, 0, 0, 1],
  ['FENCE_TYPE', INT8, 7, 0, 15],
  ['FENCE_ACTION', INT8, 1, 0, 5],
  ['FENCE_ALT_MAX', REAL32, 100, 10, 1000],
  ['FENCE_ALT_MIN', REAL32, -10, -100, 100],
  ['FENCE_RADIUS', REAL32, 300, 30, 10000],
  ['FENCE_MARGIN', REAL32, 2, 1, 10],
  ['FENCE_TOTAL', INT8, 0],
  ['FLTMODE_CH', INT8, 5, 0, 16],
  ['FLTMODE1', INT8, 0],
  ['FLTMODE2', INT8, 2],
  ['FLTMODE3', INT8, 5],
  ['FLTMODE4', INT8, 6],
  ['FLTMODE5', INT8, 4],
  ['FLTMODE6', INT8, 9],
  ['SIMPLE', INT8, 0],
  ['SUPER_SIMPLE', INT8, 0],
  ['MOT_SPIN_ARM', REAL32, 0.1, 0, 0.2],
  ['MOT_SPIN_MIN', REAL32, 0.15, 0, 0.3],
  ['MOT_SPIN_MAX', REAL32, 0.95, 0.9, 1],
  ['MOT_THST_HOVER', REAL32, 0.35, 0.125, 0.6875],
  ['MOT_THST_EXPO', REAL32, 0.65, -0.5, 1],
  ['MOT_HOVER_LEARN', INT8, 2, 0, 2],
  ['MOT_BAT_VOLT_MAX', REAL32, 0],
  ['MOT_BAT_VOLT_MIN', REAL32, 0],
  ['MOT_BAT_CURR_MAX', REAL32, 0],
  ['MOT_PWM_TYPE', INT8, 0],
  ['MOT_PWM_MIN', INT16, 1000],
  ['MOT_PWM_MAX', INT16, 2000],
  ['MOT_SPOOL_TIME', REAL32, 0.5, 0, 2],
  ['MOT_YAW_HEADROOM', INT16, 200, 0, 500],
  ['ATC_ANG_RLL_P', REAL32, 4.5, 3, 12],
  ['ATC_ANG_PIT_P', REAL32, 4.5, 3, 12],
  ['ATC_ANG_YAW_P', REAL32, 4.5, 3, 12],
  ['ATC_ACCEL_R_MAX', REAL32, 110000, 0, 180000],
  ['ATC_ACCEL_P_MAX', REAL32, 110000, 0, 180000],
  ['ATC_ACCEL_Y_MAX', REAL32, 27000, 0, 72000],
  ['ATC_RATE_FF_ENAB', INT8, 1, 0, 1],
  ['ATC_ANG_LIM_TC', REAL32, 1, 0.5, 10],
  ['ATC_INPUT_TC', REAL32, 0.15, 0, 1],
  ['ATC_SLEW_YAW', REAL32, 6000, 500, 18000],
  ['ATC_THR_MIX_MAN', REAL32, 0.1, 0.1, 0.9],
  ['ATC_THR_MIX_MAX', REAL32, 0.5, 0.5, 0.9],
  ['ATC_THR_MIX_MIN', REAL32, 0.1, 0.1, 0.25],
  ['PSC_POSXY_P', REAL32, 1, 0.5, 2],
  ['PSC_VELXY_P', REAL32, 2, 0.1, 6],
  ['PSC_VELXY_I', REAL32, 1, 0.02, 1],
  ['PSC_VELXY_D', REAL32, 0.5, 0, 1],
  ['PSC_VELXY_IMAX', REAL32, 1000, 0, 4500],
  ['PSC_POSZ_P', REAL32, 1, 1, 3],
  ['PSC_VELZ_P', REAL32, 5, 1, 8],
  ['PSC_ACCZ_P', REAL32, 0.5, 0.2, 1.5],
  ['PSC_ACCZ_I', REAL32, 1, 0, 3],
  ['PSC_ACCZ_D', REAL32, 0, 0, 0.4],
  ['PSC_ACCZ_IMAX', REAL32, 800, 0, 1000],
  ['PSC_ANGLE_MAX', REAL32, 0, 0, 45],
  ['INS_GYRO_FILTER', INT16, 20, 0, 256],
  ['INS_ACCEL_FILTER', INT16, 20, 0, 256],
  ['INS_USE', INT8, 1], ['INS_USE2', INT8, 1], ['INS_USE3', INT8, 0],
  ['INS_GYROFFS_X', REAL32, 0.0012], ['INS_GYROFFS_Y', REAL32, -0.0008], ['INS_GYROFFS_Z', REAL32, 0.0003],
  ['INS_ACCOFFS_X', REAL32, 0.011], ['INS_ACCOFFS_Y', REAL32, -0.023], ['INS_ACCOFFS_Z', REAL32, 0.041],
  ['INS_ACCSCAL_X', REAL32, 1.001], ['INS_ACCSCAL_Y', REAL32, 0.998], ['INS_ACCSCAL_Z', REAL32, 1.004],
  ['INS_HNTCH_ENABLE', INT8, 0, 0, 1],
  ['COMPASS_USE', INT8, 1], ['COMPASS_USE2', INT8, 1], ['COMPASS_USE3', INT8, 0],
  ['COMPASS_AUTODEC', INT8, 1, 0, 1],
  ['COMPASS_DEC', REAL32, 0.2086, -3.142, 3.142],
  ['COMPASS_OFS_X', REAL32, 5], ['COMPASS_OFS_Y', REAL32, 13], ['COMPASS_OFS_Z', REAL32, -18],
  ['COMPASS_ORIENT', INT8, 0],
  ['COMPASS_EXTERNAL', INT8, 0],
  ['COMPASS_LEARN', INT8, 0],
  ['GPS_TYPE', INT8, 1],
  ['GPS_TYPE2', INT8, 0],
  ['GPS_AUTO_SWITCH', INT8, 1],
  ['GPS_NAVFILTER', INT8, 8],
  ['GPS_GNSS_MODE', INT8, 0],
  ['GPS_RATE_MS', INT16, 200, 50, 200],
  ['GPS_HDOP_GOOD', INT16, 140, 100, 900],
  ['AHRS_EKF_TYPE', INT8, 3],
  ['AHRS_GPS_USE', INT8, 1],
  ['AHRS_ORIENTATION', INT8, 0],
  ['AHRS_TRIM_X', REAL32, 0], ['AHRS_TRIM_Y', REAL32, 0], ['AHRS_TRIM_Z', REAL32, 0],
  ['EK2_ENABLE', INT8, 0],
  ['EK3_ENABLE', INT8, 1],
  ['EK3_IMU_MASK', INT8, 3],
  ['EK3_SRC1_POSXY', INT8, 3],
  ['EK3_SRC1_VELXY', INT8, 3],
  ['EK3_SRC1_POSZ', INT8, 1],
  ['EK3_SRC1_VELZ', INT8, 3],
  ['EK3_SRC1_YAW', INT8, 1],
  ['EK3_ALT_M_NSE', REAL32, 2],
  ['EK3_GPS_CHECK', INT8, 31],
  ['LOG_BITMASK', INT32, 176126],
  ['LOG_BACKEND_TYPE', INT8, 1],
  ['LOG_DISARMED', INT8, 0],
  ['LOG_FILE_BUFSIZE', INT16, 200],
  ['BRD_SAFETY_DEFLT', INT8, 0],
  ['BRD_SAFETY_MASK', INT32, 0],
  ['BRD_RTC_TYPES', INT8, 1],
  ['BRD_BOOT_DELAY', INT16, 0],
  ['BRD_PWM_COUNT', INT8, 8],
  ['TERRAIN_ENABLE', INT8, 1],
  ['TERRAIN_SPACING', INT16, 100],
  ['TELEM_DELAY', INT8, 0],
  ['GCS_PID_MASK', INT16, 0],
  ['RCMAP_ROLL', INT8, 1], ['RCMAP_PITCH', INT8, 2], ['RCMAP_THROTTLE', INT8, 3], ['RCMAP_YAW', INT8, 4],
  ['RC_OPTIONS', INT32, 32],
  ['RC_OVERRIDE_TIME', REAL32, 3],
  ['RC_SPEED', INT16, 490, 50, 490],
  ['TUNE', INT8, 0],
  ['TUNE_MIN', REAL32, 0],
  ['TUNE_MAX', REAL32, 0],
  ['AUTO_OPTIONS', INT32, 0],
  ['GUID_OPTIONS', INT32, 0],
  ['GUID_TIMEOUT', REAL32, 3, 0.1, 5],
  ['PHLD_BRAKE_RATE', INT16, 8, 4, 12],
  ['PHLD_BRAKE_ANGLE', INT16, 3000, 2000, 4500],
  ['ACRO_RP_RATE', REAL32, 360, 1, 1080],
  ['ACRO_Y_RATE', REAL32, 202.5, 1, 360],
  ['ACRO_TRAINER', INT8, 2, 0, 2],
  ['STAT_BOOTCNT', INT16, 31],
  ['STAT_FLTTIME', INT32, 5423],
  ['STAT_RUNTIME', INT32, 91832],
  ['STAT_RESET', INT32, 1],
  ['SCHED_LOOP_RATE', INT16, 400, 50, 400],
  ['NTF_LED_TYPES', INT32, 199],
  ['NTF_BUZZ_TYPES', INT8, 1],
];

const RC_COUNT = 16;
const SERVO_COUNT = 16;
// Quad X motor outputs: servo functions 33..36 are Motor1..Motor4.
const MOTOR_FUNCTIONS = [33, 34, 35, 36];

function families(): Row[] {
  const rows: Row[] = [];
  for (let i = 1; i <= RC_COUNT; i++) {
    // Throttle (RC3) rests at its low end, the sticks in the middle.
    rows.push([`RC${i}_MIN`, INT16, 1100, 800, 2200]);
    rows.push([`RC${i}_TRIM`, INT16, i === 3 ? 1100 : 1500, 800, 2200]);
    rows.push([`RC${i}_MAX`, INT16, 1900, 800, 2200]);
    rows.push([`RC${i}_REVERSED`, INT8, 0, 0, 1]);
    rows.push([`RC${i}_DZ`, INT16, i <= 4 ? (i === 3 ? 30 : 20) : 0, 0, 200]);
    rows.push([`RC${i}_OPTION`, INT16, 0]);
  }
  for (let i = 1; i <= SERVO_COUNT; i++) {
    rows.push([`SERVO${i}_MIN`, INT16, 1100, 800, 2200]);
    rows.push([`SERVO${i}_MAX`, INT16, 1900, 800, 2200]);
    rows.push([`SERVO${i}_TRIM`, INT16, 1500, 800, 2200]);
    rows.push([`SERVO${i}_REVERSED`, INT8, 0, 0, 1]);
    rows.push([`SERVO${i}_FUNCTION`, INT16, MOTOR_FUNCTIONS[i - 1] ?? 0, -1, 183]);
  }
  const rates: [string, number][] = [
    ['RAW_SENS', 2],
    ['EXT_STAT', 2],
    ['RC_CHAN', 2],
    ['RAW_CTRL', 0],
    ['POSITION', 5],
    ['EXTRA1', 10],
    ['EXTRA2', 4],
    ['EXTRA3', 1],
    ['PARAMS', 10],
    ['ADSB', 0],
  ];
  for (let port = 0; port <= 2; port++) {
    for (const [stream, rate] of rates) rows.push([`SR${port}_${stream}`, INT16, rate, 0, 50]);
  }
  // SERIAL0 is USB; SERIAL1 and 2 telemetry radios; the rest GPS and spare.
  const serial: [number, number][] = [
    [2, 115],
    [2, 57],
    [2, 57],
    [5, 230],
    [-1, 57],
    [-1, 57],
    [-1, 57],
  ];
  serial.forEach(([protocol, baud], port) => {
    rows.push([`SERIAL${port}_PROTOCOL`, INT8, protocol, -1, 45]);
    rows.push([`SERIAL${port}_BAUD`, INT32, baud, 1, 2000]);
    rows.push([`SERIAL${port}_OPTIONS`, INT16, 0]);
  });
  for (const axis of ['RLL', 'PIT', 'YAW']) {
    const yaw = axis === 'YAW';
    rows.push([`ATC_RAT_${axis}_P`, REAL32, yaw ? 0.18 : 0.135, 0, 2]);
    rows.push([`ATC_RAT_${axis}_I`, REAL32, yaw ? 0.018 : 0.135, 0, 2]);
    rows.push([`ATC_RAT_${axis}_D`, REAL32, yaw ? 0 : 0.0036, 0, 0.05]);
    rows.push([`ATC_RAT_${axis}_FF`, REAL32, 0, 0, 0.5]);
    rows.push([`ATC_RAT_${axis}_IMAX`, REAL32, 0.5, 0, 1]);
    rows.push([`ATC_RAT_${axis}_FLTT`, REAL32, yaw ? 0 : 20, 0, 100]);
    rows.push([`ATC_RAT_${axis}_FLTE`, REAL32, yaw ? 2.5 : 0, 0, 100]);
    rows.push([`ATC_RAT_${axis}_FLTD`, REAL32, yaw ? 0 : 20, 0, 100]);
    rows.push([`ATC_RAT_${axis}_SMAX`, REAL32, 0, 0, 200]);
  }
  return rows;
}

function toDef([name, type, value, min, max]: Row): ParamDef {
  return {
    name,
    type,
    value,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  };
}

/** Every parameter, in the order the sim lists them. */
export const PARAM_DEFS: readonly ParamDef[] = [...CORE, ...families()].map(toDef);

export type ParamSetResult =
  | { readonly ok: true; readonly index: number }
  | { readonly ok: false; readonly reason: string; readonly index: number | undefined };

/** Current values by name and index. */
export class ParamStore {
  private readonly values: Float32Array;
  private readonly byName = new Map<string, number>();

  constructor(
    readonly defs: readonly ParamDef[] = PARAM_DEFS,
    overrides: Readonly<Record<string, number>> = {},
  ) {
    this.values = Float32Array.from(defs, (d) => d.value);
    defs.forEach((d, i) => {
      if (this.byName.has(d.name)) throw new Error(`parameter ${d.name} is listed twice`);
      this.byName.set(d.name, i);
    });
    for (const [name, value] of Object.entries(overrides)) {
      const result = this.set(name, value);
      if (!result.ok) throw new RangeError(result.reason);
    }
  }

  get count(): number {
    return this.defs.length;
  }

  indexOf(name: string): number | undefined {
    return this.byName.get(name);
  }

  /** The value as the vehicle holds it (a float32). */
  get(name: string): number {
    const index = this.byName.get(name);
    if (index === undefined) throw new Error(`no parameter ${name}`);
    return this.values[index]!;
  }

  valueAt(index: number): number {
    return this.values[index]!;
  }

  /** Sets a value after checking it fits the parameter's type and range; integers are rounded. */
  set(name: string, value: number): ParamSetResult {
    const index = this.byName.get(name);
    if (index === undefined) return { ok: false, reason: `no parameter ${name}`, index };
    const def = this.defs[index]!;
    if (!Number.isFinite(value)) return { ok: false, reason: `${name}: not a number`, index };
    const v = def.type === REAL32 ? value : Math.round(value);
    const [typeMin, typeMax] = TYPE_RANGE[def.type];
    const min = Math.max(def.min ?? typeMin, typeMin);
    const max = Math.min(def.max ?? typeMax, typeMax);
    if (v < min || v > max) {
      return { ok: false, reason: `${name}: ${value} is outside ${min}..${max}`, index };
    }
    this.values[index] = v;
    return { ok: true, index };
  }
}
