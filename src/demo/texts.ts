/**
 * @module Words of the demo federation, written for Kenges: places of an oil and gas
 * region, people's names, and motions in Kazakh, Russian, English and Urdu.
 */

/** Text in the four languages of the demo. */
export type Text4 = { en: string; kk: string; ru: string; ur: string };

export interface TownText {
  readonly name: Text4;
  /** Neighbourhoods (microdistricts) that hold assemblies. */
  readonly districts: readonly string[];
}

export interface RegionText {
  readonly name: Text4;
  readonly towns: readonly TownText[];
}

export const FEDERATION_NAME: Text4 = {
  en: "Council Federation of the Western Oil Region",
  kk: "Батыс мұнай өңірінің кеңестер федерациясы",
  ru: "Федерация советов Западного нефтяного края",
  ur: "مغربی تیل علاقے کی کونسلوں کا وفاق",
};

export const NATIONAL_COUNCIL: Text4 = {
  en: "National Council of Action",
  kk: "Ұлттық іс-қимыл кеңесі",
  ru: "Национальный совет действия",
  ur: "قومی ایکشن کونسل",
};

export const REGIONS: readonly RegionText[] = [
  {
    name: { en: "Mangystau", kk: "Маңғыстау", ru: "Мангистау", ur: "منگستاؤ" },
    towns: [
      {
        name: {
          en: "Zhanaozen",
          kk: "Жаңаөзен",
          ru: "Жанаозен",
          ur: "ژاناؤزن",
        },
        districts: ["Shanyrak", "Arai", "Samal"],
      },
      {
        name: { en: "Aktau", kk: "Ақтау", ru: "Актау", ur: "اکتاؤ" },
        districts: ["14th microdistrict", "27th microdistrict"],
      },
    ],
  },
  {
    name: { en: "Atyrau", kk: "Атырау", ru: "Атырау", ur: "اتیراؤ" },
    towns: [
      {
        name: { en: "Atyrau", kk: "Атырау", ru: "Атырау", ur: "اتیراؤ" },
        districts: ["Avangard", "Zhilgorodok"],
      },
      {
        name: { en: "Kulsary", kk: "Құлсары", ru: "Кульсары", ur: "قلساری" },
        districts: ["Central"],
      },
    ],
  },
  {
    name: {
      en: "West Kazakhstan",
      kk: "Батыс Қазақстан",
      ru: "Западно-Казахстанская",
      ur: "مغربی قازقستان",
    },
    towns: [
      {
        name: { en: "Oral", kk: "Орал", ru: "Уральск", ur: "اورال" },
        districts: ["Zachagansk", "Dostyk"],
      },
      {
        name: { en: "Aksai", kk: "Ақсай", ru: "Аксай", ur: "اکسائی" },
        districts: ["Karachaganak settlement"],
      },
    ],
  },
];

/** Workplaces that hold assemblies ({town} is replaced); some exist only in some towns. */
export const WORKPLACES: readonly {
  readonly name: Text4;
  readonly onlyIn?: readonly string[];
}[] = [
  {
    name: {
      en: "Oil field crew No. 4, {town}",
      kk: "№4 мұнай кәсіпшілігі бригадасы, {town}",
      ru: "Бригада нефтепромысла № 4, {town}",
      ur: "آئل فیلڈ عملہ نمبر 4، {town}",
    },
  },
  {
    name: {
      en: "Drilling crew, {town}",
      kk: "Бұрғылау бригадасы, {town}",
      ru: "Буровая бригада, {town}",
      ur: "ڈرلنگ عملہ، {town}",
    },
  },
  {
    name: {
      en: "Bus depot, {town}",
      kk: "Автобус паркі, {town}",
      ru: "Автобусный парк, {town}",
      ur: "بس ڈپو، {town}",
    },
  },
  {
    name: {
      en: "City hospital, {town}",
      kk: "Қалалық аурухана, {town}",
      ru: "Городская больница, {town}",
      ur: "شہری ہسپتال، {town}",
    },
  },
  {
    name: {
      en: "School No. 7, {town}",
      kk: "№7 мектеп, {town}",
      ru: "Школа № 7, {town}",
      ur: "اسکول نمبر 7، {town}",
    },
  },
  {
    name: {
      en: "Gas processing plant, {town}",
      kk: "Газ өңдеу зауыты, {town}",
      ru: "Газоперерабатывающий завод, {town}",
      ur: "گیس پروسیسنگ پلانٹ، {town}",
    },
  },
  {
    name: {
      en: "Sea port dockers, {town}",
      kk: "Теңіз порты жүкшілері, {town}",
      ru: "Докеры морского порта, {town}",
      ur: "بندرگاہ کے مزدور، {town}",
    },
    onlyIn: ["Aktau"],
  },
  {
    name: {
      en: "Pipeline maintenance, {town}",
      kk: "Құбыр жөндеу қызметі, {town}",
      ru: "Служба ремонта трубопровода, {town}",
      ur: "پائپ لائن مرمت، {town}",
    },
  },
  {
    name: {
      en: "Power station, {town}",
      kk: "Электр станциясы, {town}",
      ru: "Электростанция, {town}",
      ur: "بجلی گھر، {town}",
    },
  },
];

export const NEIGHBOURHOOD: Text4 = {
  en: "Neighbourhood assembly {district}, {town}",
  kk: "{district} тұрғындар жиналысы, {town}",
  ru: "Собрание жителей {district}, {town}",
  ur: "محلہ اسمبلی {district}، {town}",
};

export const MUNICIPAL: Text4 = {
  en: "{town} Municipal Council",
  kk: "{town} қалалық кеңесі",
  ru: "Городской совет {town}",
  ur: "{town} میونسپل کونسل",
};

export const REGIONAL: Text4 = {
  en: "{region} Regional Council",
  kk: "{region} өңірлік кеңесі",
  ru: "Региональный совет {region}",
  ur: "{region} علاقائی کونسل",
};

export const STRIKE_COMMITTEE: Text4 = {
  en: "Strike committee of {body}",
  kk: "{body} ереуіл комитеті",
  ru: "Стачечный комитет: {body}",
  ur: "{body} کی ہڑتال کمیٹی",
};

/** Fills `{name}` placeholders in each language (values may differ per language). */
export function fill(
  text: Text4,
  values: Record<string, Text4 | string>,
): Text4 {
  const out = { ...text };
  for (const lang of ["en", "kk", "ru", "ur"] as const)
    for (const [k, v] of Object.entries(values))
      out[lang] = out[lang].replaceAll(
        `{${k}}`,
        typeof v === "string" ? v : v[lang],
      );
  return out;
}

export interface MotionText {
  readonly title: Text4;
  readonly text: Text4;
  /** A stronger or clarified version, proposed as an amendment. */
  readonly amendment?: Text4;
}

export const DEMANDS: readonly MotionText[] = [
  {
    title: {
      en: "Gas at the old price",
      kk: "Газ бұрынғы бағамен",
      ru: "Газ по прежней цене",
      ur: "گیس پرانی قیمت پر",
    },
    text: {
      en: "Liquefied gas for cars and homes returns to the price of last December, and the price is set in public with the councils.",
      kk: "Көлік пен үйге арналған сұйытылған газ өткен желтоқсандағы бағаға қайтарылсын, баға кеңестермен бірге ашық белгіленсін.",
      ru: "Сжиженный газ для машин и домов возвращается к цене прошлого декабря, а цена устанавливается открыто вместе с советами.",
      ur: "گاڑیوں اور گھروں کی مائع گیس پچھلے دسمبر کی قیمت پر واپس آئے، اور قیمت کونسلوں کے ساتھ کھلے عام طے ہو۔",
    },
    amendment: {
      en: "Liquefied gas returns to last December's price and is frozen for two years; any change is put to the councils first.",
      kk: "Сұйытылған газ өткен желтоқсандағы бағаға қайтып, екі жылға бекітілсін; кез келген өзгеріс алдымен кеңестерге ұсынылсын.",
      ru: "Сжиженный газ возвращается к цене прошлого декабря и замораживается на два года; любое изменение сначала выносится на советы.",
      ur: "مائع گیس پچھلے دسمبر کی قیمت پر واپس آئے اور دو سال کے لیے منجمد ہو؛ کوئی بھی تبدیلی پہلے کونسلوں کے سامنے رکھی جائے۔",
    },
  },
  {
    title: {
      en: "Double the wages in the oil fields",
      kk: "Кәсіпшіліктегі жалақыны екі есе арттыру",
      ru: "Удвоить зарплаты на промыслах",
      ur: "تیل کے میدانوں میں اجرت دگنی",
    },
    text: {
      en: "Wages of field workers are doubled and paid on time; contractors pay what the operator pays for the same work.",
      kk: "Кәсіпшілік жұмысшыларының жалақысы екі есе өсіп, уақытында төленсін; мердігерлер бірдей жұмыс үшін оператор сияқты төлесін.",
      ru: "Зарплаты рабочих промыслов удваиваются и выплачиваются вовремя; подрядчики платят за ту же работу столько же, сколько оператор.",
      ur: "میدانی مزدوروں کی اجرت دگنی ہو اور وقت پر ادا ہو؛ ٹھیکیدار ایک ہی کام کا وہی معاوضہ دیں جو آپریٹر دیتا ہے۔",
    },
  },
  {
    title: {
      en: "Reinstate the dismissed workers",
      kk: "Жұмыстан шығарылғандарды қайта алу",
      ru: "Восстановить уволенных рабочих",
      ur: "برطرف مزدوروں کو بحال کرو",
    },
    text: {
      en: "Everyone dismissed for striking since 2011 is reinstated with back pay.",
      kk: "2011 жылдан бері ереуіл үшін жұмыстан шығарылғандардың бәрі жалақысы өтеліп, қайта алынсын.",
      ru: "Все уволенные за забастовки с 2011 года восстанавливаются с выплатой за вынужденный прогул.",
      ur: "2011 سے ہڑتال کی وجہ سے نکالے گئے تمام مزدور بقایا اجرت کے ساتھ بحال ہوں۔",
    },
  },
  {
    title: {
      en: "Free the detained",
      kk: "Ұсталғандарды босату",
      ru: "Освободить задержанных",
      ur: "گرفتار لوگوں کو رہا کرو",
    },
    text: {
      en: "All people detained at the protests are released and the charges are dropped.",
      kk: "Наразылықта ұсталғандардың бәрі босатылып, айыптар алынып тасталсын.",
      ru: "Все задержанные на протестах освобождаются, обвинения снимаются.",
      ur: "احتجاج میں گرفتار تمام افراد رہا ہوں اور الزامات واپس لیے جائیں۔",
    },
  },
  {
    title: {
      en: "Elected local heads",
      kk: "Жергілікті әкімдерді сайлау",
      ru: "Выборные местные главы",
      ur: "منتخب مقامی سربراہ",
    },
    text: {
      en: "Town and district heads are elected by the residents and can be recalled by them.",
      kk: "Қала мен аудан әкімдерін тұрғындар сайлайды және кері шақырып алады.",
      ru: "Главы городов и районов избираются жителями и могут быть ими отозваны.",
      ur: "شہروں اور اضلاع کے سربراہ رہائشی منتخب کریں اور انہیں واپس بلا سکیں۔",
    },
  },
  {
    title: {
      en: "Nurses for the hospital",
      kk: "Ауруханаға медбикелер",
      ru: "Медсёстры для больницы",
      ur: "ہسپتال کے لیے نرسیں",
    },
    text: {
      en: "The hospital hires forty nurses and pays night shifts at double rate.",
      kk: "Аурухана қырық медбике алып, түнгі кезекшілікті екі есе төлесін.",
      ru: "Больница нанимает сорок медсестёр и оплачивает ночные смены в двойном размере.",
      ur: "ہسپتال چالیس نرسیں بھرتی کرے اور رات کی شفٹ کا دگنا معاوضہ دے۔",
    },
  },
  {
    title: {
      en: "Heating for the schools",
      kk: "Мектептерге жылу",
      ru: "Отопление для школ",
      ur: "اسکولوں کے لیے ہیٹنگ",
    },
    text: {
      en: "Every school is heated to 18 °C from October to April; repairs are paid from the oil fund.",
      kk: "Әр мектеп қазаннан сәуірге дейін 18 °C-қа дейін жылытылсын; жөндеу мұнай қорынан төленсін.",
      ru: "Каждая школа отапливается до 18 °C с октября по апрель; ремонт оплачивается из нефтяного фонда.",
      ur: "ہر اسکول اکتوبر سے اپریل تک 18 ڈگری تک گرم رکھا جائے؛ مرمت تیل فنڈ سے ہو۔",
    },
  },
  {
    title: {
      en: "Fares frozen, drivers paid",
      kk: "Жол ақысы тұрақты, жүргізушілерге төлем",
      ru: "Заморозить проезд, платить водителям",
      ur: "کرایہ منجمد، ڈرائیوروں کو اجرت",
    },
    text: {
      en: "Bus fares stay as they are; drivers are paid for the hours they wait at the depot.",
      kk: "Автобус ақысы өзгермейді; жүргізушілерге паркте күткен сағаттары үшін төленеді.",
      ru: "Стоимость проезда не меняется; водителям оплачиваются часы ожидания в парке.",
      ur: "بس کا کرایہ جوں کا توں رہے؛ ڈرائیوروں کو ڈپو پر انتظار کے گھنٹوں کی اجرت ملے۔",
    },
  },
];

export const RESOLUTIONS: readonly MotionText[] = [
  {
    title: {
      en: "Meet every evening at seven",
      kk: "Күн сайын кешкі жетіде жиналу",
      ru: "Собираться каждый вечер в семь",
      ur: "ہر شام سات بجے اجلاس",
    },
    text: {
      en: "The assembly meets every evening at seven while the protest lasts; the chair posts the agenda by noon.",
      kk: "Наразылық жалғасқанда жиналыс күн сайын кешкі жетіде өтеді; төраға күн тәртібін түске дейін жариялайды.",
      ru: "Пока идёт протест, собрание собирается каждый вечер в семь; председатель публикует повестку до полудня.",
      ur: "احتجاج جاری رہنے تک اسمبلی ہر شام سات بجے ملے گی؛ صدر دوپہر تک ایجنڈا جاری کرے گا۔",
    },
    amendment: {
      en: "The assembly meets every evening at seven, and on Sundays at noon, while the protest lasts.",
      kk: "Наразылық жалғасқанда жиналыс күн сайын кешкі жетіде, ал жексенбіде түсте өтеді.",
      ru: "Пока идёт протест, собрание собирается каждый вечер в семь, а по воскресеньям в полдень.",
      ur: "احتجاج جاری رہنے تک اسمبلی ہر شام سات بجے اور اتوار کو دوپہر ملے گی۔",
    },
  },
  {
    title: {
      en: "A kitchen for the strikers",
      kk: "Ереуілшілерге асхана",
      ru: "Кухня для бастующих",
      ur: "ہڑتالیوں کے لیے باورچی خانہ",
    },
    text: {
      en: "We open a common kitchen at the square; every household brings what it can.",
      kk: "Алаңда ортақ асхана ашамыз; әр отбасы қолынан келгенін әкеледі.",
      ru: "Открываем общую кухню на площади; каждая семья приносит, что может.",
      ur: "ہم چوک پر مشترکہ باورچی خانہ کھولیں گے؛ ہر گھر جو دے سکے لائے۔",
    },
  },
  {
    title: {
      en: "No talks without mandates",
      kk: "Мандатсыз келіссөз жоқ",
      ru: "Никаких переговоров без мандата",
      ur: "مینڈیٹ کے بغیر کوئی مذاکرات نہیں",
    },
    text: {
      en: "Nobody negotiates for this assembly without a mandate voted here; every delegate reports back the same day.",
      kk: "Бұл жиналыс атынан ешкім осында дауыс берілген мандатсыз келіссөз жүргізбейді; әр делегат сол күні есеп береді.",
      ru: "Никто не ведёт переговоры от имени собрания без мандата, принятого здесь; каждый делегат отчитывается в тот же день.",
      ur: "یہاں منظور شدہ مینڈیٹ کے بغیر کوئی اس اسمبلی کی طرف سے مذاکرات نہیں کرے گا؛ ہر مندوب اسی دن رپورٹ دے گا۔",
    },
  },
  {
    title: {
      en: "Phones off the public chats",
      kk: "Ашық чаттардан шығу",
      ru: "Уйти из открытых чатов",
      ur: "عوامی چیٹس سے نکلیں",
    },
    text: {
      en: "Decisions are posted only in Kenges; the open messenger groups are watched and will be cut.",
      kk: "Шешімдер тек Kenges-те жарияланады; ашық мессенджер топтары бақылауда және өшіріледі.",
      ru: "Решения публикуются только в Kenges; открытые группы в мессенджерах под наблюдением и будут отключены.",
      ur: "فیصلے صرف Kenges میں شائع ہوں گے؛ کھلے میسنجر گروپس کی نگرانی ہو رہی ہے اور وہ بند کیے جائیں گے۔",
    },
  },
];

export const COMMENTS: Record<"en" | "kk" | "ru" | "ur", readonly string[]> = {
  en: [
    "Agreed, but who will carry this to the council?",
    "My brigade supports it. We stop at six tomorrow.",
    "We need the numbers before we vote.",
    "The contractor crews must be asked too.",
  ],
  kk: [
    "Келісемін, бірақ мұны кеңеске кім апарады?",
    "Бригадам қолдайды. Ертең алтыда тоқтаймыз.",
    "Дауыс бермес бұрын сандарды білуіміз керек.",
    "Мердігер бригадалардан да сұрау керек.",
  ],
  ru: [
    "Согласен, но кто понесёт это в совет?",
    "Моя бригада поддерживает. Завтра в шесть встаём.",
    "Нужны цифры до голосования.",
    "Надо спросить и бригады подрядчиков.",
  ],
  ur: [
    "متفق ہوں، لیکن یہ کونسل تک کون لے جائے گا؟",
    "میری ٹیم حمایت کرتی ہے۔ ہم کل چھ بجے کام روکیں گے۔",
    "ووٹ سے پہلے ہمیں اعداد و شمار چاہییں۔",
    "ٹھیکیدار عملے سے بھی پوچھنا ہوگا۔",
  ],
};

/** A comment in which an informer posts private data: the demo redacts it. */
export const INFORMER_COMMENT =
  "The organisers are Erlan Saparov, 14th microdistrict block 9 flat 41, and his brother — phone +7 701 000 0000.";

/** People's names: given names with family names of the same tradition and gender. */
export const NAME_POOLS: readonly {
  readonly given: readonly string[];
  readonly family: readonly string[];
}[] = [
  {
    given: [
      "Aigerim",
      "Aliya",
      "Asel",
      "Dana",
      "Gulnara",
      "Zhanar",
      "Saule",
      "Madina",
      "Aizhan",
      "Dinara",
      "Zhuldyz",
      "Ainur",
    ],
    family: [
      "Abenova",
      "Bekova",
      "Dzhaksybekova",
      "Ermekova",
      "Kasymova",
      "Nurpeisova",
      "Sarsenova",
      "Tulegenova",
      "Utegenova",
      "Zhumabaeva",
    ],
  },
  {
    given: [
      "Nurlan",
      "Yerlan",
      "Bolat",
      "Daulet",
      "Askar",
      "Marat",
      "Serik",
      "Arman",
      "Timur",
      "Ruslan",
      "Yerbol",
      "Kairat",
    ],
    family: [
      "Abenov",
      "Bekov",
      "Dzhaksybekov",
      "Ermekov",
      "Kasymov",
      "Nurpeisov",
      "Sarsenov",
      "Tulegenov",
      "Utegenov",
      "Zhumabaev",
    ],
  },
  {
    given: ["Olga", "Irina", "Natalya", "Svetlana", "Tatyana", "Yelena"],
    family: [
      "Ivanova",
      "Petrova",
      "Kuznetsova",
      "Sokolova",
      "Popova",
      "Volkova",
    ],
  },
  {
    given: ["Sergei", "Dmitri", "Andrei", "Viktor", "Pavel", "Nikolai"],
    family: ["Ivanov", "Petrov", "Kuznetsov", "Sokolov", "Popov", "Volkov"],
  },
  {
    given: [
      "Ayesha",
      "Fatima",
      "Zainab",
      "Imran",
      "Bilal",
      "Tariq",
      "Usman",
      "Sana",
    ],
    family: ["Khan", "Qureshi", "Malik", "Siddiqui", "Baloch", "Butt"],
  },
];

/** How often each pool is drawn, in the same order: most people are Kazakh, some Russian, a few Pakistani workers. */
export const NAME_POOL_WEIGHTS: readonly number[] = [
  0.36, 0.36, 0.1, 0.1, 0.08,
];

/** The period of the demo's planning round. */
export const PLAN_PERIOD = "2026";

/** The share of the period gone when the workplaces report what they made. */
export const PLAN_REPORTED_AT = "0.5";

/**
 * What each workplace of PLAN_WORKPLACES made by then, as a share of what the plan had it make
 * by then: the refinery a third behind (its crude came late), the bakery a little ahead.
 */
export const PLAN_PACE: readonly number[] = [1, 0.66, 0.98, 1.04, 0.95, 1];

/**
 * A workplace of the planning round and the process it declares: one run makes `outputs`
 * (the first its main product) from `inputs`, with hours of each skill, up to `capacity`
 * runs in the period. Products and skills are names in events, one language for every
 * replica (as in the guide); the workplaces' names are in all four. `town` is the index of
 * the region's town it stands in (the first town when the region has fewer). A workplace
 * already holding an assembly under `name` is that assembly.
 */
export interface PlanWorkplaceText {
  readonly name: Text4;
  readonly town: number;
  readonly process: {
    readonly name: string;
    readonly outputs: readonly (readonly [string, string])[];
    readonly inputs: readonly (readonly [string, string])[];
    readonly labour: readonly (readonly [string, string])[];
    readonly capacity: string;
  };
}

export const PLAN_WORKPLACES: readonly PlanWorkplaceText[] = [
  {
    name: {
      en: "Gas processing plant, {town}",
      kk: "Газ өңдеу зауыты, {town}",
      ru: "Газоперерабатывающий завод, {town}",
      ur: "گیس پروسیسنگ پلانٹ، {town}",
    },
    town: 0,
    process: {
      name: "Gas works",
      outputs: [["gas", "1"]],
      inputs: [["raw-gas", "1.2"]],
      labour: [["gas-operator", "0.05"]],
      capacity: "4000",
    },
  },
  {
    name: {
      en: "Refinery, {town}",
      kk: "Мұнай өңдеу зауыты, {town}",
      ru: "Нефтеперерабатывающий завод, {town}",
      ur: "آئل ریفائنری، {town}",
    },
    town: 0,
    process: {
      name: "Refinery",
      outputs: [
        ["fuel", "0.6"],
        ["gas", "0.3"],
      ],
      inputs: [["crude", "1"]],
      labour: [["refiner", "0.4"]],
      capacity: "2000",
    },
  },
  {
    name: {
      en: "District heating plant, {town}",
      kk: "Аудандық жылу станциясы, {town}",
      ru: "Районная котельная, {town}",
      ur: "ضلعی حرارتی پلانٹ، {town}",
    },
    town: 0,
    process: {
      name: "Heating plant",
      outputs: [["heat", "1"]],
      inputs: [["gas", "0.3"]],
      labour: [["stoker", "0.1"]],
      capacity: "14000",
    },
  },
  {
    name: {
      en: "Bakery No. 1, {town}",
      kk: "№1 нан зауыты, {town}",
      ru: "Хлебозавод № 1, {town}",
      ur: "بیکری نمبر 1، {town}",
    },
    town: 1,
    process: {
      name: "Bakery",
      outputs: [["bread", "1"]],
      inputs: [
        ["flour", "0.75"],
        ["gas", "0.05"],
      ],
      labour: [["baker", "0.4"]],
      capacity: "1500",
    },
  },
  {
    name: {
      en: "Bus depot, {town}",
      kk: "Автобус паркі, {town}",
      ru: "Автобусный парк, {town}",
      ur: "بس ڈپو، {town}",
    },
    town: 1,
    process: {
      name: "Bus routes",
      outputs: [["bus-km", "1"]],
      inputs: [["fuel", "0.4"]],
      labour: [
        ["driver", "30"],
        ["mechanic", "6"],
      ],
      capacity: "800",
    },
  },
  {
    name: {
      en: "Polyclinic No. 2, {town}",
      kk: "№2 емхана, {town}",
      ru: "Поликлиника № 2, {town}",
      ur: "پولی کلینک نمبر 2، {town}",
    },
    town: 1,
    process: {
      name: "Clinic",
      outputs: [["clinic-visit", "1"]],
      inputs: [["heat", "0.02"]],
      labour: [
        ["nurse", "0.5"],
        ["doctor", "0.25"],
      ],
      capacity: "40000",
    },
  },
];

/**
 * What each neighbourhood assembly of the planning region declares it needs, by tier (the
 * i-th district of a town adds i tenths to each quantity, so districts differ). The region of
 * a need is its town.
 */
export const PLAN_NEIGHBOURHOOD_NEEDS: readonly {
  readonly product: string;
  readonly tier: "basic" | "standard" | "extra";
  readonly quantity: number;
}[] = [
  { product: "gas", tier: "basic", quantity: 250 },
  { product: "heat", tier: "basic", quantity: 1800 },
  { product: "bread", tier: "basic", quantity: 220 },
  { product: "fuel", tier: "basic", quantity: 120 },
  { product: "clinic-visit", tier: "basic", quantity: 6000 },
  { product: "bus-km", tier: "standard", quantity: 90 },
  { product: "heat", tier: "extra", quantity: 400 },
  { product: "bus-km", tier: "extra", quantity: 30 },
];

/** A workplace's own need: the shift buses of the gas works' workers (standard tier). */
export const PLAN_WORKPLACE_NEED = {
  workplace: 0,
  product: "bus-km",
  tier: "standard",
  quantity: "40",
} as const;

/** The council's limits: hours of each skill, what there is of crude, raw gas and flour. */
export const PLAN_LIMITS = {
  labour: [
    ["baker", "620"],
    ["doctor", "10500"],
    ["driver", "18000"],
    ["gas-operator", "240"],
    ["mechanic", "3600"],
    ["nurse", "21000"],
    ["refiner", "700"],
    ["stoker", "1400"],
  ],
  resources: [
    ["crude", "2000"],
    ["flour", "1000"],
    ["raw-gas", "6000"],
  ],
  imports: [],
} as const;

export const PLAN_LIMITS_TEXT: { title: Text4; text: Text4 } = {
  title: {
    en: "The region's limits for the 2026 plan",
    kk: "2026 жылғы жоспардың өңірлік шектері",
    ru: "Пределы края для плана на 2026 год",
    ur: "2026 کے منصوبے کے لیے علاقے کی حدیں",
  },
  text: {
    en: "Hours each trade can give in the year, and what there is of crude, raw gas and flour. No gas is imported unless a variant says so.",
    kk: "Әр мамандық жылына қанша сағат бере алады, шикі мұнай, шикі газ және ұн қанша бар. Нұсқа айтпаса, газ сырттан әкелінбейді.",
    ru: "Сколько часов в год может дать каждая профессия и сколько есть нефти, сырого газа и муки. Газ не ввозится, если вариант этого не предусматривает.",
    ur: "ہر پیشہ سال میں کتنے گھنٹے دے سکتا ہے، اور خام تیل، خام گیس اور آٹا کتنا ہے۔ جب تک کوئی متبادل نہ کہے، گیس درآمد نہیں ہوتی۔",
  },
};

/**
 * The variants put to the council's vote: the limits as adopted, a four-day week (a fifth
 * fewer hours of every skill), and the four-day week with gas imported. Labels are the
 * vote's options, one string for every replica; the motion's text says them in four languages.
 */
export const PLAN_VARIANTS: readonly {
  readonly label: string;
  readonly labour?: number;
  readonly imports?: Readonly<Record<string, number>>;
}[] = [
  { label: "as adopted" },
  { label: "four-day week", labour: 0.8 },
  {
    label: "four days, gas imported",
    labour: 0.8,
    imports: { gas: 600 },
  },
];

export const PLAN_MOTION_TEXT: { title: Text4; text: Text4 } = {
  title: {
    en: "The region's plan for 2026",
    kk: "Өңірдің 2026 жылғы жоспары",
    ru: "План края на 2026 год",
    ur: "علاقے کا 2026 کا منصوبہ",
  },
  text: {
    en: 'Three variants, each solved from the totals our assemblies declared: "as adopted" — the limits this council adopted; "four-day week" — a fifth fewer hours in every trade; "four days, gas imported" — the same week with gas brought in from outside. Rank them.',
    kk: "Үш нұсқа, әрқайсысы жиналыстарымыз жариялаған жиынтықтан шығарылған: «as adopted» — осы кеңес қабылдаған шектер; «four-day week» — әр мамандықта сағат бестен бірге аз; «four days, gas imported» — сол апта, газ сырттан әкелінеді. Оларды ретімен қойыңыз.",
    ru: "Три варианта, каждый рассчитан по итогам, которые заявили наши собрания: «as adopted» — пределы, принятые этим советом; «four-day week» — на пятую часть меньше часов в каждой профессии; «four days, gas imported» — та же неделя с ввозом газа. Расставьте их по порядку.",
    ur: 'تین متبادل، ہر ایک ہماری اسمبلیوں کے اعلان کردہ میزان سے حل کیا گیا: "as adopted" — اس کونسل کی منظور کردہ حدیں؛ "four-day week" — ہر پیشے میں پانچواں حصہ کم گھنٹے؛ "four days, gas imported" — وہی ہفتہ، باہر سے گیس کے ساتھ۔ ان کی درجہ بندی کریں۔',
  },
};

/**
 * How the council's delegates rank the variants (indices into PLAN_VARIANTS), the i-th
 * delegate the i-th ranking, round and round: most put the imported gas first.
 */
export const PLAN_RANKINGS: readonly (readonly number[])[] = [
  [2, 0, 1],
  [2, 1, 0],
  [0, 2, 1],
  [2, 0, 1],
  [1, 2, 0],
];
