/** Surnames common in western Guangxi (Zhuang and Han), roughly by frequency. */
export const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['黄', 16], ['韦', 12], ['李', 8], ['梁', 6], ['陆', 6], ['农', 5], ['罗', 5], ['莫', 4], ['覃', 4],
  ['潘', 3], ['卢', 3], ['蒙', 3], ['陈', 3], ['黎', 3], ['赵', 2], ['马', 2], ['周', 2], ['王', 2],
  ['杨', 2], ['刘', 2], ['谭', 2], ['廖', 1], ['何', 1], ['许', 1], ['邓', 1], ['曾', 1], ['苏', 1],
  ['岑', 1], ['凌', 1], ['钟', 1],
];

export const MALE_CHARS = '志国建华明军文德永春海金平林强伟福宝贵荣勇东光成忠良朝兴义昌庆发仁智'.split('');
export const FEMALE_CHARS = '秀丽英兰芳梅玉美凤花燕霞红莲桂珍琴春艳萍云妹娟翠菊香素爱'.split('');
