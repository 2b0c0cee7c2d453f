/**
 * Name parts for demo customers, with pinyin for their e-mail addresses. Surname
 * weights follow their approximate share of the population (per mille); 沈, 顾, 陆,
 * 钱 and 殷 are weighted up, as they are more common in Jiangsu than nationally.
 */
export interface NamePart {
  text: string;
  pinyin: string;
}

export const SURNAMES: readonly (NamePart & { weight: number })[] = parse(
  '王wang71 李li70 张zhang67 刘liu54 陈chen45 杨yang31 黄huang22 赵zhao20 吴wu20 周zhou19 徐xu15 孙sun15 马ma13 ' +
    '朱zhu13 胡hu13 郭guo12 何he12 高gao11 林lin11 罗luo10 郑zheng9 梁liang9 谢xie8 宋song8 唐tang8 许xu7 韩han7 ' +
    '冯feng7 邓deng7 曹cao7 彭peng6 曾zeng6 肖xiao6 田tian6 董dong6 袁yuan5 潘pan5 于yu5 蒋jiang6 蔡cai5 余yu5 ' +
    '杜du5 叶ye4 程cheng4 苏su4 魏wei4 吕lv4 丁ding4 任ren4 沈shen6 姚yao4 卢lu4 姜jiang4 崔cui3 钟zhong3 谭tan3 ' +
    '陆lu5 汪wang3 范fan3 金jin3 石shi3 贾jia3 夏xia3 方fang3 邹zou3 孟meng2 秦qin2 顾gu4 钱qian3 严yan2 戴dai2 ' +
    '缪miao1 殷yin2 仇qiu1 华hua1 季ji2 葛ge2 储chu1 施shi2 倪ni2 包bao1',
).map(({ text, pinyin, number }) => ({ text, pinyin, weight: number }));

export const MALE_GIVEN: readonly NamePart[] = parse(
  '伟wei 强qiang 磊lei 军jun 洋yang 勇yong 杰jie 涛tao 明ming 超chao 斌bin 鹏peng 辉hui 刚gang ' +
    '平ping 建jian 国guo 华hua 飞fei 浩hao 宇yu 俊jun 凯kai 峰feng 亮liang 文wen 龙long 波bo ' +
    '鑫xin 晨chen 志zhi 东dong 海hai 林lin 博bo 毅yi 翔xiang 健jian 成cheng 晓xiao 宏hong ' +
    '兵bing 彬bin 春chun 德de 睿rui 轩xuan 子zi 天tian 家jia 永yong 振zhen',
);

export const FEMALE_GIVEN: readonly NamePart[] = parse(
  '芳fang 娜na 敏min 静jing 丽li 艳yan 娟juan 霞xia 秀xiu 英ying 玲ling 燕yan 红hong 萍ping ' +
    '婷ting 雪xue 琳lin 颖ying 慧hui 倩qian 佳jia 洁jie 梅mei 蓉rong 丹dan 月yue 欣xin 怡yi ' +
    '雯wen 晶jing 璐lu 莉li 晓xiao 云yun 琴qin 兰lan 菲fei 悦yue 思si 雨yu 紫zi 涵han ' +
    '梦meng 婉wan 露lu 薇wei 瑶yao 萱xuan',
);

function parse(text: string): (NamePart & { number: number })[] {
  return text.split(/\s+/).map((entry) => {
    const match = /^(\S)([a-z]+)(\d*)$/u.exec(entry);
    if (!match) throw new Error(`bad name entry ${entry}`);
    return { text: match[1], pinyin: match[2], number: Number(match[3]) };
  });
}
