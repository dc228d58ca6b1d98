/**
 * What each kind of department licenses and penalises in the demo: licence items and violations
 * with their legal basis, penalty kinds and typical fines. Departments are recognised by words in
 * their Chinese name, so any preset's departments fit. Pure data, no I/O.
 */

export interface LicenceItem {
  /** 行政许可决定文书名称 */
  docName: string;
  /** 许可证书名称 (empty when the decision issues no certificate) */
  certName: string;
  /** Short form in the document number, e.g. 食许 in 淄张审批食许〔2025〕12号. */
  abbr: string;
  category: '普通' | '特许' | '认可' | '核准' | '登记' | '其他';
  /** 许可内容 variants. */
  contents: readonly string[];
  /** Validity in years; 0 = 长期 (written 2099/12/31). */
  years: number;
  /** Prefix of 许可编号 (e.g. JY for food business). */
  noPrefix: string;
  /** Who may hold it: organisations, natural persons or both. */
  holders: 'org' | 'person' | 'any';
  weight: number;
}

export interface Violation {
  /** 违法行为类型 */
  type: string;
  /** 违法事实 after 当事人; completed with the date. */
  fact: string;
  /** 处罚依据 */
  basis: string;
  /** 处罚类别 combinations with weights. */
  kinds: readonly (readonly [string, number])[];
  /** Fine range in yuan (the template writes 万元). */
  fine: readonly [number, number];
  holders: 'org' | 'person' | 'any';
  weight: number;
}

export interface DepartmentRole {
  /** Recognises the department by its Chinese name. */
  match: RegExp;
  /** Abbreviation in document numbers (市监, 审批 …). */
  abbr: string;
  /** Relative volume of licences and penalties this kind of department decides. */
  licenceWeight: number;
  penaltyWeight: number;
  /** Share of its subjects that are natural persons. */
  personShare: number;
  licences: readonly LicenceItem[];
  violations: readonly Violation[];
}

const FOOD_CONTENTS = [
  '预包装食品（含冷藏冷冻食品）销售',
  '预包装食品（不含冷藏冷冻食品）销售；散装食品（不含冷藏冷冻食品）销售',
  '热食类食品制售',
  '热食类食品制售；冷食类食品制售',
  '预包装食品（含冷藏冷冻食品）销售；热食类食品制售；自制饮品制售',
  '散装食品（含冷藏冷冻食品、熟食）销售；保健食品销售',
  '糕点类食品（含裱花蛋糕）制售',
];

const licenceItems = {
  food: { docName: '食品经营许可决定书', certName: '食品经营许可证', abbr: '食许', category: '普通', contents: FOOD_CONTENTS, years: 5, noPrefix: 'JY', holders: 'org', weight: 10 },
  foodProduction: { docName: '食品生产许可决定书', certName: '食品生产许可证', abbr: '食产许', category: '普通', contents: ['糕点（热加工糕点）', '饮料（瓶（桶）装饮用水）', '调味品（酱油、食醋）', '粮食加工品（小麦粉）', '肉制品（熏煮香肠火腿制品）'], years: 5, noPrefix: 'SC', holders: 'org', weight: 1.5 },
  registration: { docName: '登记通知书', certName: '营业执照', abbr: '登', category: '登记', contents: ['设立登记', '变更登记（经营范围）', '变更登记（住所）', '变更登记（法定代表人）', '注销登记'], years: 0, noPrefix: '', holders: 'org', weight: 8 },
  roadTransport: { docName: '道路运输经营许可决定书', certName: '道路运输经营许可证', abbr: '运许', category: '普通', contents: ['道路普通货物运输', '道路普通货物运输；货物专用运输（集装箱）', '道路危险货物运输（第3类）', '机动车维修经营（二类）'], years: 4, noPrefix: '鲁交运管许可淄字', holders: 'org', weight: 2 },
  construction: { docName: '建筑工程施工许可决定书', certName: '建筑工程施工许可证', abbr: '建许', category: '普通', contents: ['住宅楼新建工程', '厂房及配套设施建设工程', '商业综合体建设工程', '学校教学楼改扩建工程'], years: 0, noPrefix: '', holders: 'org', weight: 1 },
  publicHealth: { docName: '公共场所卫生许可决定书', certName: '公共场所卫生许可证', abbr: '卫许', category: '普通', contents: ['美容美发', '住宿（宾馆）', '沐浴', '游泳场所'], years: 4, noPrefix: '鲁卫公证字', holders: 'org', weight: 2 },
  drugRetail: { docName: '药品经营许可决定书', certName: '药品经营许可证', abbr: '药许', category: '普通', contents: ['处方药、非处方药（中药饮片、中成药、化学药）零售', '非处方药零售（乙类）'], years: 5, noPrefix: '鲁CB', holders: 'org', weight: 1.5 },
  hazChem: { docName: '危险化学品经营许可决定书', certName: '危险化学品经营许可证', abbr: '危化许', category: '普通', contents: ['不带储存设施经营：甲醇、乙醇、丙酮', '带储存设施经营：柴油［闭杯闪点≤60℃］', '不带储存设施经营：硫酸、盐酸、氢氧化钠'], years: 3, noPrefix: '鲁淄危化经字', holders: 'org', weight: 1 },
  humanResources: { docName: '人力资源服务许可决定书', certName: '人力资源服务许可证', abbr: '人许', category: '普通', contents: ['职业介绍、人才推荐、人才招聘', '劳务派遣经营'], years: 0, noPrefix: '', holders: 'org', weight: 0.8 },
  medicalInstitution: { docName: '医疗机构执业登记决定书', certName: '医疗机构执业许可证', abbr: '医许', category: '登记', contents: ['诊所执业登记：全科医疗科', '门诊部执业登记：口腔科', '卫生室执业登记', '医疗机构校验'], years: 5, noPrefix: 'PDY', holders: 'org', weight: 1 },
  school: { docName: '民办学校办学许可决定书', certName: '民办学校办学许可证', abbr: '教许', category: '普通', contents: ['学前教育', '非学科类校外培训（艺术类）', '非学科类校外培训（体育类）'], years: 5, noPrefix: '教民', holders: 'org', weight: 0.5 },
  entertainment: { docName: '娱乐场所经营许可决定书', certName: '娱乐经营许可证', abbr: '文许', category: '普通', contents: ['歌舞娱乐场所', '游艺娱乐场所'], years: 2, noPrefix: '', holders: 'org', weight: 0.5 },
  pollutant: { docName: '排污许可决定书', certName: '排污许可证', abbr: '环许', category: '普通', contents: ['排污许可证核发（重点管理）', '排污许可证核发（简化管理）', '排污许可证变更', '排污许可证延续'], years: 5, noPrefix: '', holders: 'org', weight: 2 },
  eia: { docName: '建设项目环境影响报告表批复', certName: '', abbr: '环审', category: '普通', contents: ['年产5万吨精细化工中间体项目', '废旧塑料再生利用项目', '陶瓷生产线技术改造项目', '汽车维修项目'], years: 0, noPrefix: '', holders: 'org', weight: 1 },
  oversize: { docName: '超限运输车辆行驶公路许可决定书', certName: '超限运输车辆通行证', abbr: '超许', category: '普通', contents: ['大件运输车辆超限行驶公路'], years: 0, noPrefix: '', holders: 'any', weight: 1 },
  taxInvoice: { docName: '准予税务行政许可决定书', certName: '', abbr: '税许', category: '普通', contents: ['增值税防伪税控系统最高开票限额审批（十万元）', '增值税防伪税控系统最高开票限额审批（百万元）'], years: 0, noPrefix: '', holders: 'org', weight: 1 },
  specialEquipmentOperator: { docName: '特种设备安全管理和作业人员证核发决定书', certName: '特种设备安全管理和作业人员证', abbr: '特许', category: '认可', contents: ['叉车司机（N1）', '电梯修理（T）', '压力容器操作（R1）', '工业锅炉司炉（G1）'], years: 4, noPrefix: 'TS', holders: 'person', weight: 1.5 },
  specialEquipmentUse: { docName: '特种设备使用登记决定书', certName: '特种设备使用登记证', abbr: '特登', category: '登记', contents: ['电梯使用登记', '压力容器使用登记', '场（厂）内专用机动车辆使用登记', '锅炉使用登记'], years: 0, noPrefix: '', holders: 'org', weight: 3 },
  doctor: { docName: '医师执业注册决定书', certName: '医师执业证书', abbr: '医注', category: '认可', contents: ['临床类别 内科专业', '口腔类别 口腔专业', '中医类别 中医专业'], years: 0, noPrefix: '', holders: 'person', weight: 0.7 },
  teacher: { docName: '教师资格认定决定书', certName: '教师资格证书', abbr: '教资', category: '认可', contents: ['幼儿园教师资格', '小学教师资格（语文）', '初级中学教师资格（数学）'], years: 0, noPrefix: '', holders: 'person', weight: 0.7 },
  water: { docName: '取水许可决定书', certName: '取水许可证', abbr: '水许', category: '普通', contents: ['取用地下水（工业用水）', '取用地表水（农业灌溉）'], years: 5, noPrefix: 'D', holders: 'org', weight: 0.5 },
  landPlanning: { docName: '建设用地规划许可决定书', certName: '建设用地规划许可证', abbr: '规许', category: '普通', contents: ['工业用地规划许可', '商住用地规划许可'], years: 0, noPrefix: '地字第', holders: 'org', weight: 0.5 },
  outdoorAd: { docName: '户外广告设施设置许可决定书', certName: '', abbr: '广许', category: '普通', contents: ['设置户外广告牌匾', '设置大型户外广告设施'], years: 1, noPrefix: '', holders: 'org', weight: 0.8 },
  constructionWaste: { docName: '城市建筑垃圾处置核准决定书', certName: '城市建筑垃圾处置核准证', abbr: '渣许', category: '核准', contents: ['建筑垃圾运输核准', '建筑垃圾处置核准'], years: 1, noPrefix: '', holders: 'org', weight: 0.8 },
  fireSafety: { docName: '公众聚集场所投入使用、营业前消防安全检查合格证', certName: '', abbr: '消安检', category: '普通', contents: ['商场投入使用、营业前消防安全检查', '宾馆投入使用、营业前消防安全检查'], years: 0, noPrefix: '', holders: 'org', weight: 1 },
  publicSecurity: { docName: '准予行政许可决定书', certName: '', abbr: '公许', category: '特许', contents: ['大型群众性活动安全许可', '剧毒化学品购买许可', '印章刻制业特种行业许可'], years: 0, noPrefix: '', holders: 'org', weight: 1 },
  socialOrg: { docName: '社会组织登记决定书', certName: '民办非企业单位登记证书', abbr: '民登', category: '登记', contents: ['成立登记', '变更登记', '注销登记'], years: 5, noPrefix: '', holders: 'org', weight: 1 },
  pesticide: { docName: '农药经营许可决定书', certName: '农药经营许可证', abbr: '农许', category: '普通', contents: ['农药经营（不含限制使用农药）', '兽药经营（不含生物制品）'], years: 5, noPrefix: '农药经许', holders: 'org', weight: 1 },
  generic: { docName: '准予行政许可决定书', certName: '', abbr: '许', category: '普通', contents: ['准予行政许可'], years: 0, noPrefix: '', holders: 'org', weight: 1 },
} satisfies Record<string, LicenceItem>;

const v = (
  type: string, fact: string, basis: string, kinds: readonly (readonly [string, number])[],
  fine: readonly [number, number], holders: Violation['holders'] = 'org', weight = 1,
): Violation => ({ type, fact, basis, kinds, fine, holders, weight });

const violations = {
  expiredFood: v('食品安全', '经营超过保质期的食品', '《中华人民共和国食品安全法》第一百二十四条第一款', [['没收违法所得;罚款', 3], ['罚款', 5], ['警告;罚款', 1]], [5_000, 50_000], 'org', 3),
  noPrice: v('价格违法', '未按照规定明码标价', '《中华人民共和国价格法》第四十二条', [['警告', 3], ['罚款', 2], ['警告;罚款', 1]], [500, 5_000], 'org', 2),
  falseAd: v('广告违法', '发布虚假广告', '《中华人民共和国广告法》第五十五条第一款', [['罚款', 4], ['罚款;没收违法所得', 1]], [10_000, 200_000], 'org', 1),
  annualReport: v('企业信息公示', '未按规定期限公示年度报告', '《企业信息公示暂行条例》第十七条', [['罚款', 3], ['警告', 1]], [1_000, 10_000], 'org', 1),
  productQuality: v('产品质量', '销售不合格产品', '《中华人民共和国产品质量法》第四十九条', [['没收违法所得;罚款', 2], ['罚款', 2], ['没收非法财物;罚款', 1]], [5_000, 100_000], 'org', 1.5),
  specialEquipment: v('特种设备安全', '使用未经定期检验的特种设备', '《中华人民共和国特种设备安全法》第八十四条', [['罚款', 4], ['责令停产停业;罚款', 1]], [30_000, 300_000], 'org', 1),
  unlicensed: v('无照经营', '未依法取得营业执照从事经营活动', '《无证无照经营查处办法》第十三条', [['罚款', 3], ['没收违法所得;罚款', 1]], [1_000, 10_000], 'any', 1),
  streetVending: v('市容环境', '占用城市道路从事经营活动', '《山东省城市市容和环境卫生管理条例》第四十七条', [['警告', 3], ['罚款', 3], ['警告;罚款', 1]], [50, 500], 'any', 4),
  illegalBuilding: v('违法建设', '未取得建设工程规划许可证进行建设', '《中华人民共和国城乡规划法》第六十四条', [['罚款', 3], ['罚款;其他', 1]], [5_000, 100_000], 'any', 1.5),
  debrisDumping: v('建筑垃圾', '随意倾倒建筑垃圾', '《城市建筑垃圾管理规定》第二十六条', [['罚款', 1]], [5_000, 50_000], 'any', 1.5),
  fumes: v('大气污染防治', '露天烧烤、油烟未经处理直接排放', '《中华人民共和国大气污染防治法》第一百一十八条', [['罚款', 3], ['没收非法财物;罚款', 1]], [5_000, 20_000], 'any', 1.5),
  outdoorAdNoPermit: v('市容环境', '未经批准擅自设置户外广告', '《城市市容和环境卫生管理条例》第三十六条', [['警告', 1], ['罚款', 2]], [200, 5_000], 'org', 1),
  airEmission: v('大气污染', '超过大气污染物排放标准排放大气污染物', '《中华人民共和国大气污染防治法》第九十九条', [['罚款', 5], ['责令停产停业;罚款', 1]], [100_000, 1_000_000], 'org', 2),
  noEia: v('环境影响评价', '建设项目环境影响报告表未经批准擅自开工建设', '《中华人民共和国环境影响评价法》第三十一条', [['罚款', 1]], [50_000, 500_000], 'org', 1.5),
  hazardousWaste: v('固体废物', '未按照国家有关规定贮存危险废物', '《中华人民共和国固体废物污染环境防治法》第一百一十二条', [['罚款', 3], ['罚款;没收违法所得', 1]], [100_000, 1_000_000], 'org', 1.5),
  safetyTraining: v('安全生产', '未按照规定对从业人员进行安全生产教育和培训', '《中华人民共和国安全生产法》第九十七条', [['罚款', 4], ['警告;罚款', 1]], [10_000, 100_000], 'org', 2),
  hazardInspection: v('安全生产', '未建立事故隐患排查治理制度', '《中华人民共和国安全生产法》第一百零一条', [['罚款', 3], ['责令停产停业;罚款', 1]], [20_000, 100_000], 'org', 1.5),
  overload: v('超限运输', '车辆违法超限运输', '《公路安全保护条例》第六十四条', [['罚款', 1]], [1_000, 30_000], 'any', 3),
  illegalTaxi: v('非法营运', '未取得道路运输经营许可擅自从事道路运输经营', '《中华人民共和国道路运输条例》第六十三条', [['没收违法所得;罚款', 1], ['罚款', 3]], [10_000, 100_000], 'any', 1.5),
  lateFiling: v('税收征管', '未按照规定期限办理纳税申报和报送纳税资料', '《中华人民共和国税收征收管理法》第六十二条', [['罚款', 1]], [200, 2_000], 'any', 5),
  invoice: v('发票管理', '未按照规定开具发票', '《中华人民共和国发票管理办法》第三十五条', [['罚款', 1]], [500, 10_000], 'org', 2),
  publicPlaceHygiene: v('公共场所卫生', '未依法取得公共场所卫生许可证擅自营业', '《公共场所卫生管理条例实施细则》第三十五条', [['警告', 2], ['警告;罚款', 2], ['罚款', 1]], [500, 5_000], 'org', 2),
  medicalPractice: v('医疗执业', '使用非卫生技术人员从事医疗卫生技术工作', '《医疗机构管理条例》第四十七条', [['罚款', 2], ['警告;罚款', 1]], [10_000, 50_000], 'org', 1),
  publicOrder: v('治安管理', '扰乱公共秩序', '《中华人民共和国治安管理处罚法》第二十三条', [['警告', 2], ['罚款', 3], ['行政拘留', 2], ['行政拘留;罚款', 1]], [200, 500], 'person', 3),
  gambling: v('治安管理', '参与赌博', '《中华人民共和国治安管理处罚法》第七十条', [['罚款', 2], ['行政拘留;罚款', 2]], [500, 3_000], 'person', 1),
  wageArrears: v('劳动保障', '未按照规定支付劳动者工资', '《劳动保障监察条例》第二十六条', [['罚款', 1]], [2_000, 20_000], 'org', 1),
  socialInsurance: v('社会保险', '未按照规定办理社会保险登记', '《中华人民共和国社会保险法》第八十四条', [['罚款', 1]], [1_000, 30_000], 'org', 1),
  constructionSafety: v('建筑施工', '未取得施工许可证擅自施工', '《建筑工程施工许可管理办法》第十二条', [['罚款', 1]], [10_000, 200_000], 'org', 1),
  landOccupation: v('土地管理', '未经批准非法占用土地', '《中华人民共和国土地管理法》第七十七条', [['罚款;没收非法财物', 1], ['罚款', 2]], [10_000, 300_000], 'any', 1),
  fakePesticide: v('农资质量', '经营假农药', '《农药管理条例》第五十五条', [['没收违法所得;罚款', 2], ['罚款', 1]], [5_000, 50_000], 'org', 1),
  minorsInCafe: v('文化市场', '互联网上网服务营业场所接纳未成年人', '《互联网上网服务营业场所管理条例》第三十一条', [['警告;罚款', 2], ['罚款', 1]], [2_000, 15_000], 'org', 1),
  fireFacilities: v('消防安全', '消防设施、器材未保持完好有效', '《中华人民共和国消防法》第六十条', [['罚款', 3], ['警告', 1]], [5_000, 50_000], 'org', 2),
  fireEscape: v('消防安全', '占用、堵塞、封闭疏散通道、安全出口', '《中华人民共和国消防法》第六十条', [['罚款', 2], ['警告', 1]], [500, 5_000], 'any', 1.5),
  medicalFund: v('医保基金', '串换药品、医用耗材、诊疗项目和服务设施', '《医疗保障基金使用监督管理条例》第三十八条', [['罚款', 1], ['罚款;其他', 1]], [10_000, 100_000], 'org', 1),
  statisticsRefusal: v('统计违法', '拒绝提供统计资料', '《中华人民共和国统计法》第四十一条', [['警告', 1], ['警告;罚款', 1]], [10_000, 50_000], 'org', 1),
  trainingOutsideSchool: v('校外培训', '未经批准擅自举办校外培训机构', '《校外培训行政处罚暂行办法》第十四条', [['罚款', 2], ['没收违法所得;罚款', 1]], [5_000, 50_000], 'any', 1),
  prepaidCard: v('单用途预付卡', '未按规定履行单用途商业预付卡备案义务', '《单用途商业预付卡管理办法（试行）》第三十六条', [['警告', 1], ['罚款', 1]], [1_000, 10_000], 'org', 1),
  water: v('水资源', '未经批准擅自取水', '《中华人民共和国水法》第六十九条', [['罚款', 1]], [20_000, 100_000], 'org', 1),
  generic: v('其他', '违反有关行政管理规定', '有关法律法规', [['警告', 1], ['罚款', 1]], [500, 5_000], 'any', 1),
} satisfies Record<string, Violation>;

/**
 * Department kinds, most specific first; the first match wins. Departments that match none
 * (party offices, courts, statistics …) decide no licences or penalties in the demo unless
 * listed here.
 */
export const DEPARTMENT_ROLES: readonly DepartmentRole[] = [
  { match: /行政审批/, abbr: '审批', licenceWeight: 40, penaltyWeight: 0, personShare: 0.025,
    licences: [licenceItems.food, licenceItems.registration, licenceItems.foodProduction, licenceItems.roadTransport, licenceItems.construction, licenceItems.publicHealth, licenceItems.drugRetail, licenceItems.hazChem, licenceItems.humanResources, licenceItems.medicalInstitution, licenceItems.school, licenceItems.entertainment, licenceItems.outdoorAd, licenceItems.constructionWaste, licenceItems.water, licenceItems.specialEquipmentOperator],
    violations: [] },
  { match: /市场监督管理|市场监管/, abbr: '市监', licenceWeight: 1, penaltyWeight: 12, personShare: 0.04,
    licences: [licenceItems.specialEquipmentUse, licenceItems.specialEquipmentOperator],
    violations: [violations.expiredFood, violations.noPrice, violations.falseAd, violations.annualReport, violations.productQuality, violations.specialEquipment, violations.unlicensed] },
  { match: /综合行政执法|综合执法|城市管理|城管/, abbr: '综执', licenceWeight: 0.5, penaltyWeight: 9, personShare: 0.07,
    licences: [licenceItems.outdoorAd, licenceItems.constructionWaste],
    violations: [violations.streetVending, violations.illegalBuilding, violations.debrisDumping, violations.fumes, violations.outdoorAdNoPermit] },
  { match: /生态环境/, abbr: '环', licenceWeight: 1.5, penaltyWeight: 4, personShare: 0.01,
    licences: [licenceItems.pollutant, licenceItems.eia],
    violations: [violations.airEmission, violations.noEia, violations.hazardousWaste] },
  { match: /应急管理/, abbr: '应急', licenceWeight: 0.5, penaltyWeight: 3, personShare: 0.01,
    licences: [licenceItems.hazChem], violations: [violations.safetyTraining, violations.hazardInspection] },
  { match: /交通运输/, abbr: '交', licenceWeight: 1, penaltyWeight: 4, personShare: 0.1,
    licences: [licenceItems.roadTransport, licenceItems.oversize], violations: [violations.overload, violations.illegalTaxi] },
  { match: /税务/, abbr: '税', licenceWeight: 0.8, penaltyWeight: 4, personShare: 0.03,
    licences: [licenceItems.taxInvoice], violations: [violations.lateFiling, violations.invoice] },
  { match: /卫生健康|卫健/, abbr: '卫', licenceWeight: 0.8, penaltyWeight: 2, personShare: 0.02,
    licences: [licenceItems.doctor, licenceItems.publicHealth], violations: [violations.publicPlaceHygiene, violations.medicalPractice] },
  { match: /公安/, abbr: '公', licenceWeight: 0.4, penaltyWeight: 2.5, personShare: 0.3,
    licences: [licenceItems.publicSecurity], violations: [violations.publicOrder, violations.gambling] },
  { match: /人力资源和社会保障|人社/, abbr: '人社', licenceWeight: 0.5, penaltyWeight: 1, personShare: 0,
    licences: [licenceItems.humanResources], violations: [violations.wageArrears, violations.socialInsurance] },
  { match: /住房和城乡建设|住建/, abbr: '建', licenceWeight: 0.6, penaltyWeight: 1, personShare: 0,
    licences: [licenceItems.construction], violations: [violations.constructionSafety] },
  { match: /自然资源/, abbr: '自然资源', licenceWeight: 0.4, penaltyWeight: 0.8, personShare: 0.1,
    licences: [licenceItems.landPlanning], violations: [violations.landOccupation] },
  { match: /农业农村/, abbr: '农', licenceWeight: 0.5, penaltyWeight: 0.6, personShare: 0.05,
    licences: [licenceItems.pesticide], violations: [violations.fakePesticide] },
  { match: /文化和旅游|文旅/, abbr: '文旅', licenceWeight: 0.3, penaltyWeight: 0.6, personShare: 0,
    licences: [licenceItems.entertainment], violations: [violations.minorsInCafe] },
  { match: /消防/, abbr: '消', licenceWeight: 0.4, penaltyWeight: 1.5, personShare: 0.05,
    licences: [licenceItems.fireSafety], violations: [violations.fireFacilities, violations.fireEscape] },
  { match: /医疗保障|医保/, abbr: '医保', licenceWeight: 0, penaltyWeight: 0.5, personShare: 0,
    licences: [], violations: [violations.medicalFund] },
  { match: /教育/, abbr: '教', licenceWeight: 0.4, penaltyWeight: 0.3, personShare: 0.2,
    licences: [licenceItems.teacher, licenceItems.school], violations: [violations.trainingOutsideSchool] },
  { match: /商务/, abbr: '商', licenceWeight: 0, penaltyWeight: 0.3, personShare: 0,
    licences: [], violations: [violations.prepaidCard] },
  { match: /水利|水务/, abbr: '水', licenceWeight: 0.3, penaltyWeight: 0.3, personShare: 0,
    licences: [licenceItems.water], violations: [violations.water] },
  { match: /民政局/, abbr: '民', licenceWeight: 0.3, penaltyWeight: 0, personShare: 0,
    licences: [licenceItems.socialOrg], violations: [] },
  { match: /统计/, abbr: '统', licenceWeight: 0, penaltyWeight: 0.2, personShare: 0,
    licences: [], violations: [violations.statisticsRefusal] },
];

/** The role of a department, or null when it decides no licences or penalties in the demo. */
export function roleOf(nameZh: string): DepartmentRole | null {
  return DEPARTMENT_ROLES.find((r) => r.match.test(nameZh)) ?? null;
}

/** Values that are not in the enumerations, for deliberately invalid rows. */
export const BAD_PENALTY_KINDS = ['责令改正', '批评教育', '罚金', '处分', '限期整改'] as const;
export const BAD_LICENCE_CATEGORIES = ['行政许可', '审批', '一般', '备案'] as const;
export const BAD_DATES = ['2025-13-45', '2025/02/30', '2025年13月1日', '20251345', '2025-00-10'] as const;

export const REGISTERED_TYPES_91 = [
  '有限责任公司(自然人投资或控股)', '有限责任公司(自然人独资)', '有限责任公司(非自然人投资或控股的法人独资)',
  '股份有限公司(非上市、自然人投资或控股)', '有限责任公司(国有独资)', '其他有限责任公司',
];
