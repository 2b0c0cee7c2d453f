/**
 * The demo's org tree: head office, the Jiangsu province branch, its 13 city branches
 * and their county/district sub-branches (real names; region codes of GB/T 2260,
 * used as the first six digits of customers' id numbers). `weight` is the city's
 * share of the province's personal lines business, roughly by population and wealth.
 */
export interface DemoCity {
  code: string;
  /** Short name, as stored in customers.city. */
  city: string;
  nameEn: string;
  weight: number;
  counties: DemoCounty[];
}

export interface DemoCounty {
  code: string;
  name: string;
  nameEn: string;
  regionCode: string;
  /** Relative size within the city: city centres and rich county-level cities sell more. */
  weight: number;
}

export interface DemoUnit {
  code: string;
  name: string;
  nameEn: string;
  level: 1 | 2 | 3 | 4;
  parentCode: string | null;
}

export const HEAD_OFFICE_CODE = 'HQ';
export const PROVINCE_CODE = 'JS';

type CountyRow = [name: string, nameEn: string, regionCode: string, weight?: number];

function city(index: number, cityName: string, nameEn: string, weight: number, rows: CountyRow[]): DemoCity {
  const code = `${PROVINCE_CODE}${String(index).padStart(2, '0')}`;
  return {
    code,
    city: cityName,
    nameEn,
    weight,
    counties: rows.map(([name, countyEn, regionCode, countyWeight], i) => ({
      code: `${code}${String(i + 1).padStart(2, '0')}`,
      name,
      nameEn: countyEn,
      regionCode,
      weight: countyWeight ?? 1,
    })),
  };
}

export const JIANGSU_CITIES: readonly DemoCity[] = [
  city(1, '南京', 'Nanjing', 14, [
    ['玄武', 'Xuanwu', '320102', 1.2], ['秦淮', 'Qinhuai', '320104', 1.2], ['建邺', 'Jianye', '320105', 1.2],
    ['鼓楼', 'Gulou', '320106', 1.4], ['浦口', 'Pukou', '320111'], ['栖霞', 'Qixia', '320113'],
    ['雨花台', 'Yuhuatai', '320114'], ['江宁', 'Jiangning', '320115', 1.8], ['六合', 'Luhe', '320116', 0.8],
    ['溧水', 'Lishui', '320117', 0.6], ['高淳', 'Gaochun', '320118', 0.5],
  ]),
  city(2, '无锡', 'Wuxi', 11, [
    ['锡山', 'Xishan', '320205'], ['惠山', 'Huishan', '320206'], ['滨湖', 'Binhu', '320211'],
    ['梁溪', 'Liangxi', '320213', 1.4], ['新吴', 'Xinwu', '320214'], ['江阴', 'Jiangyin', '320281', 1.8],
    ['宜兴', 'Yixing', '320282', 1.4],
  ]),
  city(3, '徐州', 'Xuzhou', 9, [
    ['徐州鼓楼', 'Xuzhou Gulou', '320302'], ['云龙', 'Yunlong', '320303'], ['贾汪', 'Jiawang', '320305', 0.6],
    ['泉山', 'Quanshan', '320311'], ['铜山', 'Tongshan', '320312', 1.2], ['丰县', 'Fengxian', '320321', 0.8],
    ['沛县', 'Peixian', '320322', 0.9], ['睢宁', 'Suining', '320324', 0.8], ['新沂', 'Xinyi', '320381', 0.8],
    ['邳州', 'Pizhou', '320382', 1.1],
  ]),
  city(4, '常州', 'Changzhou', 7, [
    ['天宁', 'Tianning', '320402'], ['钟楼', 'Zhonglou', '320404'], ['新北', 'Xinbei', '320411'],
    ['武进', 'Wujin', '320412', 1.6], ['金坛', 'Jintan', '320413', 0.7], ['溧阳', 'Liyang', '320481', 0.9],
  ]),
  city(5, '苏州', 'Suzhou', 18, [
    ['虎丘', 'Huqiu', '320505', 1.2], ['吴中', 'Wuzhong', '320506', 1.2], ['相城', 'Xiangcheng', '320507'],
    ['姑苏', 'Gusu', '320508'], ['吴江', 'Wujiang', '320509', 1.2], ['常熟', 'Changshu', '320581', 1.4],
    ['张家港', 'Zhangjiagang', '320582', 1.3], ['昆山', 'Kunshan', '320583', 1.8], ['太仓', 'Taicang', '320585', 0.8],
  ]),
  city(6, '南通', 'Nantong', 9, [
    ['崇川', 'Chongchuan', '320602', 1.4], ['通州', 'Tongzhou', '320612'], ['海门', 'Haimen', '320614'],
    ['如东', 'Rudong', '320623', 0.8], ['启东', 'Qidong', '320681', 0.9], ['如皋', 'Rugao', '320682'],
    ['海安', 'Hai\'an', '320685', 0.8],
  ]),
  city(7, '连云港', 'Lianyungang', 4, [
    ['连云', 'Lianyun', '320703', 0.6], ['海州', 'Haizhou', '320706', 1.4], ['赣榆', 'Ganyu', '320707'],
    ['东海', 'Donghai', '320722'], ['灌云', 'Guanyun', '320723', 0.8], ['灌南', 'Guannan', '320724', 0.7],
  ]),
  city(8, '淮安', 'Huai\'an', 4, [
    ['淮安区', 'Huai\'an District', '320803'], ['淮阴', 'Huaiyin', '320804'], ['清江浦', 'Qingjiangpu', '320812', 1.4],
    ['洪泽', 'Hongze', '320813', 0.6], ['涟水', 'Lianshui', '320826', 0.8], ['盱眙', 'Xuyi', '320830', 0.7],
    ['金湖', 'Jinhu', '320831', 0.5],
  ]),
  city(9, '盐城', 'Yancheng', 6, [
    ['亭湖', 'Tinghu', '320902', 1.3], ['盐都', 'Yandu', '320903', 1.1], ['大丰', 'Dafeng', '320904'],
    ['响水', 'Xiangshui', '320921', 0.6], ['滨海', 'Binhai', '320922', 0.8], ['阜宁', 'Funing', '320923', 0.8],
    ['射阳', 'Sheyang', '320924', 0.8], ['建湖', 'Jianhu', '320925', 0.8], ['东台', 'Dongtai', '320981'],
  ]),
  city(10, '扬州', 'Yangzhou', 5, [
    ['广陵', 'Guangling', '321002', 1.2], ['邗江', 'Hanjiang', '321003', 1.3], ['江都', 'Jiangdu', '321012'],
    ['宝应', 'Baoying', '321023', 0.7], ['仪征', 'Yizheng', '321081', 0.7], ['高邮', 'Gaoyou', '321084', 0.7],
  ]),
  city(11, '镇江', 'Zhenjiang', 4, [
    ['京口', 'Jingkou', '321102'], ['润州', 'Runzhou', '321111', 0.8], ['丹徒', 'Dantu', '321112', 0.7],
    ['丹阳', 'Danyang', '321181', 1.3], ['扬中', 'Yangzhong', '321182', 0.5], ['句容', 'Jurong', '321183', 0.8],
  ]),
  city(12, '泰州', 'Taizhou', 5, [
    ['海陵', 'Hailing', '321202', 1.2], ['高港', 'Gaogang', '321203', 0.7], ['姜堰', 'Jiangyan', '321204'],
    ['兴化', 'Xinghua', '321281', 1.1], ['靖江', 'Jingjiang', '321282'], ['泰兴', 'Taixing', '321283'],
  ]),
  city(13, '宿迁', 'Suqian', 4, [
    ['宿城', 'Sucheng', '321302', 1.1], ['宿豫', 'Suyu', '321311'], ['沭阳', 'Shuyang', '321322', 1.4],
    ['泗阳', 'Siyang', '321323', 0.8], ['泗洪', 'Sihong', '321324', 0.8],
  ]),
];

/** Every unit of the demo tree, parents before children. */
export function demoUnits(): DemoUnit[] {
  const units: DemoUnit[] = [
    { code: HEAD_OFFICE_CODE, name: '总公司', nameEn: 'Head Office', level: 1, parentCode: null },
    { code: PROVINCE_CODE, name: '江苏省分公司', nameEn: 'Jiangsu Branch', level: 2, parentCode: HEAD_OFFICE_CODE },
  ];
  for (const c of JIANGSU_CITIES) {
    units.push({ code: c.code, name: `${c.city}分公司`, nameEn: `${c.nameEn} Branch`, level: 3, parentCode: PROVINCE_CODE });
  }
  for (const c of JIANGSU_CITIES) {
    for (const county of c.counties) {
      units.push({ code: county.code, name: `${county.name}支公司`, nameEn: `${county.nameEn} Sub-branch`, level: 4, parentCode: c.code });
    }
  }
  return units;
}
