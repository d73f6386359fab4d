"""Reference table of widely known armed groups and state forces, for naming event actors.

What this is: a compact, hand-kept list of non-state armed groups, militias and state forces
that are named in public reference works (encyclopaedias, UN sanctions lists, governments'
lists of proscribed organisations, the groups' own names) and that recur in reporting on
conflict: each with the name an ACLED-style actor column uses, its ACLED inter code (1 state
forces, 2 rebel groups, 3 political militias, 4 identity militias, 8 external/other forces), the
country it belongs to (ISO alpha-2; for state forces the state whose forces they are) and the
names and abbreviations the press writes it with. It is general knowledge, not derived from
any evaluation corpus or from ACLED data; add a group when it becomes widely reported.

Aliases are regular expressions matched case-sensitively on word boundaries (abbreviations are
upper case, so "ADF" is not "adf"). An entry with ``only_in`` is read only in events in those
countries: its abbreviation means something else elsewhere ("PDF", "SAF", "FDS").
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GROUPS", "Group"]


@dataclass(frozen=True)
class Group:
    """One actor: its ACLED-style name, inter code, country, aliases and where it is read."""

    name: str
    inter: int
    country: str
    aliases: tuple[str, ...]
    #: ``"military"`` or ``"police"`` for state forces (named as the state's forces), else ``""``.
    kind: str = ""
    only_in: tuple[str, ...] = ()


def _g(name: str, inter: int, country: str, *aliases: str, kind: str = "", only_in: tuple[str, ...] = ()) -> Group:
    return Group(name, inter, country, tuple(aliases), kind, only_in)


GROUPS: tuple[Group, ...] = (
    # --- Sahel, West and Central Africa
    _g("JNIM: Group for Support of Islam and Muslims", 2, "ML", r"JNIM", r"GSIM",
       r"Jama['’]?a?t Nu?s[rs]at al-Islam wa?l?-Muslimin", r"Group (?:for|to) Support (?:of )?Islam and Muslims"),
    _g("Islamic State (Sahel)", 2, "NE", r"ISGS", r"ISSP", r"IS[- ]Sahel", r"Islamic State (?:in the )?(?:Greater )?Sahara",
       r"Islamic State (?:in the )?Sahel(?: Province)?"),
    _g("Islamic State (West Africa)", 2, "NG", r"ISWAP", r"Islamic State(?:'s)? West Africa(?:n)?(?: Province)?"),
    _g("Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", 2, "NG", r"Boko Haram", r"JAS"),
    _g("Ansaroul Islam", 2, "BF", r"Ansar(?:oul|ul|ul-| al-)Islam", only_in=("BF", "ML", "NE")),
    _g("FLA: Azawad Liberation Front", 2, "ML", r"FLA", r"Azawad Liberation Front", r"CSP-(?:PSD|DPA)", only_in=("ML",)),
    _g("CJTF: Civilian Joint Task Force", 3, "NG", r"CJTF", r"Civilian Joint Task Force"),
    _g("ESN: Eastern Security Network", 2, "NG", r"ESN", r"Eastern Security Network", only_in=("NG",)),
    _g("IPOB: Indigenous People of Biafra", 2, "NG", r"IPOB", r"Indigenous People of Biafra"),
    _g("VDP: Volunteers for the Defense of the Homeland", 3, "BF", r"VDP", r"Volunteers for the Defen[cs]e of the Homeland"),
    _g("Ambazonian Separatists", 2, "CM", r"Ambazonian? (?:separatists?|fighters|rebels|secessionists)", r"Amba (?:boys|fighters)"),
    _g("M23: March 23 Movement", 2, "CD", r"M23", r"M-23", r"March 23 Movement", r"AFC/M23"),
    _g("ADF: Allied Democratic Forces", 2, "CD", r"ADF", r"Allied Democratic Forces", only_in=("CD", "UG")),
    _g("Islamic State (Central Africa)", 2, "CD", r"ISCAP", r"Islamic State Central Africa(?: Province)?"),
    _g("CODECO: Cooperative for Development of Congo", 3, "CD", r"CODECO"),
    _g("Wazalendo", 3, "CD", r"Wazalendo"),
    _g("Mai-Mai Militia", 3, "CD", r"Mai[- ]?Mai"),
    _g("Imbonerakure", 3, "BI", r"Imbonerakure"),
    _g("RED-Tabara", 2, "BI", r"RED[- ]Tabara"),
    _g("FDLR: Democratic Forces for the Liberation of Rwanda", 2, "CD", r"FDLR"),
    _g("LRA: Lord's Resistance Army", 2, "UG", r"LRA", r"Lord['’]s Resistance Army"),
    _g("Twirwaneho", 3, "CD", r"Twirwaneho"),
    _g("NDC-R: Nduma Defense of Congo-Renove", 3, "CD", r"NDC-R"),
    _g("Raia Mutomboki Militia", 3, "CD", r"Raia Mutomboki"),
    _g("CPC: Coalition of Patriots for Change", 2, "CF", r"CPC", r"Coalition of Patriots for Change", only_in=("CF",)),
    _g("3R: Return, Reclamation, Rehabilitation", 2, "CF", r"3R", only_in=("CF",)),
    _g("UPC: Union for Peace in the Central African Republic", 2, "CF", r"UPC", only_in=("CF",)),
    _g("Ansaru", 2, "NG", r"Ansaru"),
    _g("Lakurawa", 2, "NG", r"Lakurawa"),
    _g("MNLA: National Movement for the Liberation of Azawad", 2, "ML", r"MNLA"),
    _g("JNIM: Group for Support of Islam and Muslims", 2, "ML", r"Katiba Macina", r"Macina Liberation Front"),
    _g("Polisario Front", 2, "EH", r"Polisario(?: Front)?"),
    _g("JEM: Justice and Equality Movement", 2, "SD", r"JEM", r"Justice and Equality Movement", only_in=("SD", "TD")),
    _g("SPLM-N: Sudan People's Liberation Movement-North", 2, "SD", r"SPLM-N", r"SPLA-N"),
    _g("SLM/A: Sudan Liberation Movement/Army", 2, "SD", r"SLM/A", r"SLA(?:-AW|-MM)?", r"Sudan Liberation (?:Movement|Army)", only_in=("SD",)),
    _g("NAS: National Salvation Front", 2, "SS", r"NAS", r"National Salvation Front", only_in=("SS",)),
    _g("ONLF: Ogaden National Liberation Front", 2, "ET", r"ONLF"),
    _g("Anti-Balaka", 4, "CF", r"[Aa]nti-[Bb]alaka"),
    _g("Ex-Seleka", 2, "CF", r"(?:[Ee]x-)?S[eé]l[eé]ka"),
    # --- Horn of Africa, Sudan
    _g("Al Shabaab", 2, "SO", r"[Aa]l[- ]Shabaa?b", r"Harakat al-Shabaab(?: al-Mujahideen)?", only_in=("SO", "KE", "ET", "DJ", "UG")),
    # (in Cabo Delgado "al-Shabaab" is the local name of the Islamic State's insurgents)
    _g("Islamic State (Mozambique)", 2, "MZ", r"[Aa]l[- ]Shabaa?b", r"Ahlu Sunnah Wa-?Jama['’]?a", r"ASWJ",
       r"Islamic State (?:in )?Mozambique(?: Province)?", r"ISM", only_in=("MZ",)),
    _g("Islamic State (Somalia)", 2, "SO", r"ISS", r"Islamic State (?:in )?Somalia", only_in=("SO",)),
    _g("RSF: Rapid Support Forces", 2, "SD", r"RSF", r"Rapid Support Forces", only_in=("SD", "TD", "SS")),
    _g("SPLM/A-In Opposition", 2, "SS", r"SPLA-IO", r"SPLM-IO", r"SPLM/A-IO", r"SPLA[- ]in[- ]Opposition"),
    _g("OLA: Oromo Liberation Army", 2, "ET", r"OLA", r"Oromo Liberation Army", r"OLF-Shane", only_in=("ET",)),
    _g("Fano Militia", 3, "ET", r"Fano"),
    _g("TPLF: Tigray People's Liberation Front", 2, "ET", r"TPLF", r"Tigray People['’]s Liberation Front", r"Tigray Defen[cs]e Forces", r"TDF"),
    # --- Middle East and North Africa
    _g("Houthi Movement", 2, "YE", r"Houthis?", r"Huthis?", r"Ansar ?Allah"),
    _g("AQAP: Al Qaeda in the Arabian Peninsula", 2, "YE", r"AQAP", r"Al[- ]Qaeda in the Arabian Peninsula"),
    _g("AQIM: Al Qaeda in the Islamic Maghreb", 2, "DZ", r"AQIM", r"Al[- ]Qaeda in the Islamic Maghreb"),
    _g("Hayat Tahrir al-Sham", 2, "SY", r"HTS", r"Hay['’]?at Tahrir al-Sham", only_in=("SY",)),
    _g("SDF: Syrian Democratic Forces", 2, "SY", r"SDF", r"Syrian Democratic Forces", only_in=("SY",)),
    _g("PKK: Kurdistan Workers Party", 2, "TR", r"PKK", r"Kurdistan Workers['’]? Party"),
    _g("Hamas Movement", 2, "PS", r"Hamas", r"(?:al-)?Qassam Brigades"),
    _g("PIJ: Palestinian Islamic Jihad", 2, "PS", r"PIJ", r"(?:Palestinian )?Islamic Jihad", r"(?:al-)?Quds Brigades?"),
    _g("Hezbollah", 2, "LB", r"Hez?b[ou]llah", r"Hizbullah"),
    _g("Islamic Resistance in Iraq", 2, "IQ", r"Islamic Resistance in Iraq"),
    _g("Kata'ib Hezbollah", 2, "IQ", r"Kata['’]?ib Hez?b[ou]llah"),
    _g("Jaish al-Adl", 2, "IR", r"Jaish al-Adl"),
    _g("PJAK: Party of Free Life of Kurdistan", 2, "IR", r"PJAK"),
    _g("Hurras al-Din", 2, "SY", r"Hurr[aā]s al-D[ei]en"),
    _g("Al Aqsa Martyrs Brigade", 2, "PS", r"(?:al-)?Aqsa Martyrs['’]? Brigades?"),
    _g("Lions' Den", 2, "PS", r"Lions['’]? Den"),
    # --- South and Central Asia
    _g("Taliban", 2, "AF", r"Taliban", r"Taleban"),
    _g("TTP: Tehreek-i-Taliban Pakistan", 2, "PK", r"TTP", r"Tehr[ei]e?k-[ie]-Taliban(?: Pakistan)?", r"Pakistani Taliban"),
    _g("Islamic State (Khorasan)", 2, "AF", r"ISKP", r"IS-?K", r"ISIS-K", r"Islamic State[- ]Khorasan(?: Province)?"),
    _g("BLA: Baloch Liberation Army", 2, "PK", r"BLA", r"Baloch Liberation Army", only_in=("PK",)),
    _g("LeT: Lashkar-e-Taiba", 2, "PK", r"Lashkar-e-Ta[iy]y?ba", r"LeT"),
    _g("JeM: Jaish-e-Mohammed", 2, "PK", r"Jaish-e-Moha?mm?ad", r"JeM"),
    _g("CPI (Maoist): Communist Party of India (Maoist)", 2, "IN", r"CPI ?\(Maoist\)", r"Maoists?", r"Naxal(?:ite)?s?", only_in=("IN",)),
    _g("Hizbul Mujahideen", 2, "IN", r"Hizb(?:ul|-ul-) Mujahideen"),
    _g("TRF: The Resistance Front", 2, "IN", r"The Resistance Front", r"TRF", only_in=("IN",)),
    _g("ULFA: United Liberation Front of Asom", 2, "IN", r"ULFA(?:-I)?", r"United Liberation Front of Asom"),
    _g("NSCN: National Socialist Council of Nagalim", 2, "IN", r"NSCN(?:-IM|-K| ?\(IM\)| ?\(K\))?"),
    _g("JMB: Jamaat-ul-Mujahideen Bangladesh", 2, "BD", r"JMB", r"Jama['’]?at-ul-Mujahideen"),
    _g("KNF: Kuki-Chin National Front", 2, "BD", r"KNF", r"Kuki-Chin National Front", only_in=("BD",)),
    # --- Southeast Asia
    _g("AA: Arakan Army", 2, "MM", r"Arakan Army", r"AA", only_in=("MM",)),
    _g("KIA: Kachin Independence Army", 2, "MM", r"KIA", r"Kachin Independence Army", only_in=("MM",)),
    _g("KNLA: Karen National Liberation Army", 2, "MM", r"KNLA", r"Karen National Liberation Army", r"KNU"),
    _g("TNLA: Ta'ang National Liberation Army", 2, "MM", r"TNLA", r"Ta['’]ang National Liberation Army"),
    _g("MNDAA: Myanmar National Democratic Alliance Army", 2, "MM", r"MNDAA"),
    _g("PDF: People's Defense Force", 2, "MM", r"PDF", r"People['’]s Defen[cs]e Forces?", only_in=("MM",)),
    _g("NPA: New People's Army", 2, "PH", r"NPA", r"New People['’]s Army", only_in=("PH",)),
    _g("Abu Sayyaf Group", 2, "PH", r"Abu Sayy?af(?: Group)?", r"ASG"),
    _g("BIFF: Bangsamoro Islamic Freedom Fighters", 2, "PH", r"BIFF", r"Bangsamoro Islamic Freedom Fighters"),
    _g("MILF: Moro Islamic Liberation Front", 2, "PH", r"MILF", r"Moro Islamic Liberation Front"),
    _g("Dawlah Islamiyah", 2, "PH", r"Dawlah Islamiy(?:y)?ah", r"Maute(?: group)?"),
    _g("KNDF: Karenni Nationalities Defense Force", 2, "MM", r"KNDF"),
    _g("UWSA: United Wa State Army", 2, "MM", r"UWSA", r"United Wa State Army"),
    _g("RCSS: Restoration Council of Shan State", 2, "MM", r"RCSS", r"Shan State Army(?:-South)?"),
    _g("BRN: Barisan Revolusi Nasional", 2, "TH", r"BRN", r"Barisan Revolusi Nasional", only_in=("TH",)),
    # --- Americas
    _g("ELN: National Liberation Army", 2, "CO", r"ELN", r"National Liberation Army", only_in=("CO", "VE")),
    _g("FARC-EP Dissidents", 2, "CO", r"FARC(?:-EP)? dissidents?", r"dissidents? of the FARC", r"EMC"),
    _g("Shining Path", 2, "PE", r"Shining Path", r"Sendero Luminoso"),
    _g("EPP: Paraguayan People's Army", 2, "PY", r"EPP", r"Paraguayan People['’]s Army", only_in=("PY",)),
    _g("AGC: Gaitanista Self-Defense Forces of Colombia", 3, "CO", r"Clan del Golfo", r"Gulf Clan", r"AGC", only_in=("CO",)),
    _g("CJNG: Jalisco New Generation Cartel", 3, "MX", r"CJNG", r"Jalisco (?:New Generation )?[Cc]artel", r"Cartel de Jalisco Nueva Generaci[oó]n"),
    _g("Sinaloa Cartel", 3, "MX", r"Sinaloa [Cc]artel", r"Cartel de Sinaloa"),
    _g("Gulf Cartel", 3, "MX", r"Gulf [Cc]artel", r"Cartel del Golfo"),
    _g("Los Zetas", 3, "MX", r"(?:Los )?Zetas"),
    _g("La Familia Michoacana", 3, "MX", r"(?:La )?Familia Michoacana"),
    _g("Tren de Aragua", 3, "VE", r"Tren de Aragua"),
    _g("MS-13: Mara Salvatrucha", 3, "SV", r"MS-?13", r"Mara Salvatrucha"),
    _g("Barrio 18", 3, "SV", r"Barrio 18", r"18th Street gang"),
    _g("Los Choneros", 3, "EC", r"(?:Los )?Choneros"),
    _g("Los Lobos", 3, "EC", r"Los Lobos", only_in=("EC",)),
    _g("G9 Family and Allies", 3, "HT", r"G-?9(?: an Fanmi)?", r"G9 Family", only_in=("HT",)),
    _g("G-Pep", 3, "HT", r"G-?Pep", only_in=("HT",)),
    _g("Viv Ansanm", 3, "HT", r"Viv Ansanm"),
    _g("400 Mawozo", 3, "HT", r"400 Mawozo"),
    _g("Gran Grif", 3, "HT", r"Gran Grif"),
    # --- external forces
    _g("Wagner Group", 8, "RU", r"Wagner(?: Group)?(?= (?:mercenaries|fighters|forces|operatives|contractors))", r"Wagner Group",
       r"Africa Corps"),
    # --- state forces written by their own names and abbreviations
    _g("Military Forces of Somalia", 1, "SO", r"SNA", r"Somali National Army", kind="military", only_in=("SO", "KE", "ET")),
    _g("Military Forces of Mali", 1, "ML", r"FAMa", r"Malian Armed Forces", kind="military"),
    _g("Military Forces of Democratic Republic of the Congo", 1, "CD", r"FARDC", kind="military"),
    _g("Military Forces of Myanmar", 1, "MM", r"Tatmadaw", r"Myanmar military junta", r"junta(?:'s)? (?:troops|forces|soldiers)",
       kind="military", only_in=("MM",)),
    _g("Military Forces of Israel", 1, "IL", r"IDF", r"Israel(?:i)? Defen[cs]e Forces", kind="military"),
    _g("Military Forces of Uganda", 1, "UG", r"UPDF", kind="military"),
    _g("Military Forces of Kenya", 1, "KE", r"KDF", r"Kenya Defen[cs]e Forces?", kind="military"),
    _g("Military Forces of Ethiopia", 1, "ET", r"ENDF", kind="military"),
    _g("Military Forces of Sudan", 1, "SD", r"SAF", r"Sudanese Armed Forces", kind="military", only_in=("SD",)),
    _g("Military Forces of Nigeria", 1, "NG", r"JTF", r"Operation Hadin Kai", kind="military", only_in=("NG",)),
    _g("Military Forces of Burkina Faso", 1, "BF", r"FDS", kind="military", only_in=("BF",)),
    _g("Military Forces of Niger", 1, "NE", r"FDS", kind="military", only_in=("NE",)),
    _g("Military Forces of India", 1, "IN", r"BSF", r"Border Security Force", kind="military", only_in=("IN",)),
    _g("Police Forces of India", 1, "IN", r"CRPF", r"Central Reserve Police Force", kind="police", only_in=("IN",)),
    _g("Police Forces of Philippines", 1, "PH", r"PNP", r"Philippine National Police", kind="police"),
    _g("Police Forces of Bangladesh", 1, "BD", r"RAB", r"Rapid Action Battalion", kind="police", only_in=("BD",)),
    _g("Police Forces of Colombia", 1, "CO", r"ESMAD", r"UNDMO", kind="police"),
    _g("Police Forces of Chile", 1, "CL", r"Carabineros", kind="police", only_in=("CL",)),
)
