import { JIANGSU_CITIES, PROVINCE_CODE } from './jiangsu-org';

/** Landline area codes of the Jiangsu cities, in the order of JIANGSU_CITIES (JS01 南京 … JS13 宿迁). */
const AREA_CODES = ['025', '0510', '0516', '0519', '0512', '0513', '0518', '0517', '0515', '0514', '0511', '0523', '0527'];
const ROADS = ['人民路', '中山路', '建设路', '解放路', '长江路', '文化路', '新华路', '学府路'];

export interface UnitContact {
  code: string;
  address: string;
  phone: string;
}

/**
 * The office address and phone of the province branch, every city branch and every
 * county sub-branch (made up, deterministic): what customers' messages show for their branch.
 */
export function demoUnitContacts(): UnitContact[] {
  const contacts: UnitContact[] = [{ code: PROVINCE_CODE, address: '江苏省南京市建邺区江东中路 188 号', phone: '025-95518' }];
  JIANGSU_CITIES.forEach((city, cityIndex) => {
    const area = AREA_CODES[cityIndex];
    contacts.push({ code: city.code, address: `江苏省${city.city}市${ROADS[cityIndex % ROADS.length]} ${100 + cityIndex * 3} 号`, phone: `${area}-8${String(cityIndex + 1).padStart(3, '0')}0000` });
    city.counties.forEach((county, countyIndex) => {
      contacts.push({
        code: county.code,
        address: `江苏省${city.city}市${county.name}${ROADS[(cityIndex + countyIndex) % ROADS.length]} ${8 + countyIndex * 6} 号`,
        phone: `${area}-8${String(cityIndex + 1).padStart(3, '0')}${String(countyIndex + 1).padStart(2, '0')}18`,
      });
    });
  });
  return contacts;
}
