import { describe, expect, it } from 'vitest';
import { areaAround, EMPTY_AREA, readArea } from './area-form';

describe('the offline area form', () => {
  it('starts with a box about a kilometre each way around the vehicle', () => {
    const fields = areaAround(-35.363261, 149.16523);
    expect(fields).toEqual({
      south: '-35.37224',
      north: '-35.35428',
      west: '149.15421',
      east: '149.17625',
      minZoom: '12',
      maxZoom: '17',
    });
    const read = readArea(fields);
    expect(read.ok && read.area).toEqual({
      bounds: { south: -35.37224, west: 149.15421, north: -35.35428, east: 149.17625 },
      minZoom: 12,
      maxZoom: 17,
    });
  });

  it.each([
    [EMPTY_AREA, 'South must be a number of degrees.'],
    [{ ...areaAround(10, 10), east: 'x' }, 'East must be a number of degrees.'],
    [{ ...areaAround(10, 10), south: '11' }, 'South must be below north.'],
    [{ ...areaAround(10, 10), west: '11' }, 'West must be left of east.'],
    [{ ...areaAround(10, 10), north: '91' }, 'Latitudes run from -90 to 90.'],
    [{ ...areaAround(10, 10), maxZoom: '23' }, 'Zoom levels are whole numbers, 0 to 22.'],
    [{ ...areaAround(10, 10), minZoom: '1.5' }, 'Zoom levels are whole numbers, 0 to 22.'],
    [{ ...areaAround(10, 10), minZoom: '18' }, 'The first zoom level must not be above the last.'],
  ])('says what is wrong with %j', (fields, error) => {
    expect(readArea(fields)).toEqual({ ok: false, error });
  });
});
