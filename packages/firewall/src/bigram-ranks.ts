/**
 * The 300 most frequent character pairs of source code, most frequent first, two characters each:
 * counted over about 100 MB of TypeScript, JavaScript, Markdown, JSON and YAML (this repository and
 * the packages it installs). The keyword pre-filter (`keywords.ts`) avoids them where it can when it
 * picks which pairs of a keyword to look for: the rarer its pairs, the fewer places it checks.
 */
export const FREQUENT_PAIRS =
  '  \n onreinere : or, sttetht  t;\natesenti =co\t\tdelentses  *al= et {ionsarn pe c ihe ais "ctro,\nit s* ringedtrec{\nex) me ranrtra }ndur fneas--totauns.ponc (r ce); echd  o\n\todueomf eali nfimaultyrnypgepaefts phiamtuca}\n==\n\nrrllvevaptifelsisse.",acilopemut \'y rs"://nonaxp b dlampprouhabeluloke> e(imolict. `()**ad*\n midusapfo @so / vquo  wumsc uRe.\ndifa=>t(ig)\nxta ote:Conug cke,ieagfu lsuofpll m /*))ltfeep*/s:owlsryrumih iraitt/  |/\nocab.ce)ay|  T [} bl.scrgicl),Ineqos{ mbshdoda})egje\',eyStffniho},auooip\n}lyfrsp.t\n/rgbjs"(t.0bo` htPr - he" Epuwi Smoev Rok.pjs(st,w  Ar.\ner(saPauipss,eetcs)Tyrcba gub';
