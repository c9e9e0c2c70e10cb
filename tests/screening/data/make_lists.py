"""Write the tiny synthetic sanctions lists the screening tests read, one file per format.

The entries are made up for testing (names of the kind that appear in the reference case, IMO
numbers with valid check digits); they are not copies of any real list. The element names and
nesting follow the official files: OFAC sdn.xml and sdn.csv/alt.csv, the UN consolidated list
XML, the EU consolidated financial sanctions XML and OpenSanctions FollowTheMoney JSON lines.

Run: python tests/screening/data/make_lists.py [FOLDER]   (default: this folder)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OFAC_XML = """<?xml version="1.0" standalone="yes"?>
<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://tempuri.org/sdnList.xsd">
  <publshInformation>
    <Publish_Date>03/15/2024</Publish_Date>
    <Record_Count>4</Record_Count>
  </publshInformation>
  <sdnEntry>
    <uid>101</uid>
    <lastName>UNITED AIRCRAFT CORPORATION</lastName>
    <sdnType>Entity</sdnType>
    <programList><program>RUSSIA-EO14024</program></programList>
    <akaList>
      <aka><uid>1011</uid><type>a.k.a.</type><category>strong</category>
        <lastName>PUBLICHNOE AKTSIONERNOE OBSHCHESTVO OBEDINENNAYA AVIASTROITELNAYA KORPORATSIYA</lastName></aka>
      <aka><uid>1012</uid><type>a.k.a.</type><category>strong</category><lastName>PAO OAK</lastName></aka>
    </akaList>
    <addressList><address><uid>1013</uid><city>Moscow</city><country>Russia</country></address></addressList>
  </sdnEntry>
  <sdnEntry>
    <uid>102</uid>
    <lastName>LADY R</lastName>
    <sdnType>Vessel</sdnType>
    <programList><program>RUSSIA-EO14024</program></programList>
    <idList>
      <id><uid>1021</uid><idType>Vessel Registration Identification</idType><idNumber>IMO 9161003</idNumber></id>
    </idList>
    <vesselInfo><callSign>UBZF7</callSign><vesselType>General Cargo</vesselType><vesselFlag>Russia</vesselFlag>
      <vesselOwner>TEST SHIPPING LLC</vesselOwner></vesselInfo>
  </sdnEntry>
  <sdnEntry>
    <uid>103</uid>
    <firstName>Song Chol</firstName>
    <lastName>RI</lastName>
    <sdnType>Individual</sdnType>
    <programList><program>DPRK3</program><program>NPWMD</program></programList>
    <akaList><aka><uid>1031</uid><type>a.k.a.</type><category>weak</category><lastName>RI Song-chol</lastName></aka>
    </akaList>
    <nationalityList><nationality><uid>1032</uid><country>Korea, North</country><mainEntry>true</mainEntry>
    </nationality></nationalityList>
  </sdnEntry>
  <sdnEntry>
    <uid>104</uid>
    <lastName>FAR EAST MARITIME TRADING CO., LTD.</lastName>
    <sdnType>Entity</sdnType>
    <programList><program>DPRK4</program></programList>
  </sdnEntry>
</sdnList>
"""

NULL = "-0- "
# ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
SDN_ROWS = [
    ["201", "KOREA MINING DEVELOPMENT TRADING CORPORATION", NULL, "DPRK", *[NULL] * 7, "Pyongyang, Korea, North."],
    ["202", "KIM, Jong Un", "individual", "[DPRK3] [DPRK4]", "Chairman", *[NULL] * 6,
     "DOB 08 Jan 1984; nationality Korea, North."],
    ["203", "ANGARA", "vessel", "[RUSSIA-EO14024]", NULL, "UBCU4", "General Cargo", NULL, NULL, "Russia", NULL,
     "Vessel Registration Identification IMO 9179842; MMSI 273359440."],
    ["204", "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU VOSTOK LOGISTIKA", NULL, "[RUSSIA-EO14024]", *[NULL] * 7,
     "Vladivostok, Russia."],
]

ALT_ROWS = [  # ent_num, alt_num, alt_type, alt_name, alt_remarks
    ["201", "2011", "aka", "KOMID", NULL],
    ["201", "2012", "aka", "CHANGGWANG SINYONG CORPORATION", NULL],
    ["202", "2021", "aka", "KIM Jong-un", NULL],
    ["204", "2041", "aka", "VOSTOK LOGISTIKA LLC", NULL],
]

UN_XML = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" dateGenerated="2024-03-01T10:00:03.317Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>6908601</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>CHOE</FIRST_NAME>
      <SECOND_NAME>SON HUI</SECOND_NAME>
      <THIRD_NAME/>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPi.901</REFERENCE_NUMBER>
      <LISTED_ON>2017-06-02</LISTED_ON>
      <NAME_ORIGINAL_SCRIPT>최선희</NAME_ORIGINAL_SCRIPT>
      <COMMENTS1>Test entry.</COMMENTS1>
      <NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>
      <LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>
      <LAST_DAY_UPDATED><VALUE/></LAST_DAY_UPDATED>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Choe Son-hui</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS><COUNTRY/></INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1964-08-10</DATE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_PLACE_OF_BIRTH/>
      <INDIVIDUAL_DOCUMENT/>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>6908602</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>KOREA RYONBONG GENERAL CORPORATION</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.901</REFERENCE_NUMBER>
      <LISTED_ON>2013-01-22</LISTED_ON>
      <COMMENTS1>Defence conglomerate (test entry).</COMMENTS1>
      <LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>
      <ENTITY_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Korea Yonbong General Corporation</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Lyongaksan General Trading Corporation</ALIAS_NAME>
      </ENTITY_ALIAS>
      <ENTITY_ADDRESS><CITY>Pyongyang</CITY><COUNTRY>Democratic People's Republic of Korea</COUNTRY></ENTITY_ADDRESS>
    </ENTITY>
    <ENTITY>
      <DATAID>6908603</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>MAIA-1</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.902</REFERENCE_NUMBER>
      <LISTED_ON>2024-02-01</LISTED_ON>
      <COMMENTS1>Cargo vessel (test entry). IMO: 9591480.</COMMENTS1>
      <LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>
      <ENTITY_ALIAS><QUALITY/><ALIAS_NAME/></ENTITY_ALIAS>
      <ENTITY_ADDRESS/>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""

EU_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2024-03-05T17:49:26.046+01:00" globalFileId="99">
  <sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.901.1" logicalId="401">
    <regulation regulationType="amendment" organisationType="council" publicationDate="2022-02-23"
      entryIntoForceDate="2022-02-23" numberTitle="2022/260 (OJ L42I)" programme="UKR" logicalId="4011">
      <publicationUrl>https://example.org/regulation</publicationUrl>
    </regulation>
    <subjectType code="enterprise" classificationCode="E"/>
    <nameAlias firstName="" middleName="" lastName="" wholeName="Joint Stock Company Rosoboronexport" function=""
      gender="" title="" nameLanguage="" strong="true" regulationLanguage="en" logicalId="4012"/>
    <nameAlias firstName="" middleName="" lastName="" wholeName="Акционерное общество Рособоронэкспорт" function=""
      gender="" title="" nameLanguage="RU" strong="true" regulationLanguage="en" logicalId="4013"/>
    <identification diplomatic="false" knownExpired="false" knownFalse="false" reportedLost="false"
      revokedByIssuer="false" issuedBy="" latinNumber="" nameOnDocument="" number="1117746521452" region=""
      countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" identificationTypeCode="regnumber"
      identificationTypeDescription="Registration Number" regulationLanguage="en" logicalId="4014"/>
  </sanctionEntity>
  <sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.902.2" logicalId="402">
    <regulation regulationType="amendment" organisationType="council" publicationDate="2022-02-23"
      entryIntoForceDate="2022-02-23" numberTitle="2022/261 (OJ L42I)" programme="UKR" logicalId="4021"/>
    <subjectType code="person" classificationCode="P"/>
    <nameAlias firstName="Sergei" middleName="Kuzhugetovich" lastName="SHOIGU"
      wholeName="Sergei Kuzhugetovich SHOIGU" function="" gender="M" title="" nameLanguage="" strong="true"
      regulationLanguage="en" logicalId="4022"/>
    <nameAlias firstName="Сергей" middleName="Кужугетович" lastName="Шойгу" wholeName="Сергей Кужугетович Шойгу"
      function="" gender="M" title="" nameLanguage="RU" strong="true" regulationLanguage="en" logicalId="4023"/>
    <citizenship region="" countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" regulationLanguage="en"
      logicalId="4024"/>
  </sanctionEntity>
</export>
"""


def ftm_lines() -> list[dict[str, object]]:
    return [
        {"id": "os-vostok", "schema": "Company", "last_change": "2024-02-20T10:00:00",
         "properties": {"name": ["ООО «Восток Логистика»"], "country": ["ru"],
                        "topics": ["sanction"]}},
        {"id": "os-kim", "schema": "Person", "last_change": "2024-03-02T08:00:00",
         "properties": {"name": ["Kim Jong Un"], "alias": ["김정은", "Ким Чен Ын"], "country": ["kp"]}},
        {"id": "os-dalnevostok", "schema": "Company", "last_change": "2024-01-05T08:00:00",
         "properties": {"name": ["Dalnevostochnaya Transportnaya Kompaniya JSC"],
                        "alias": ["АО Дальневосточная транспортная компания"], "country": ["ru"]}},
        {"id": "os-omega", "schema": "Vessel", "last_change": "2023-12-01T08:00:00",
         "properties": {"name": ["OMEGA STAR"], "imoNumber": ["IMO9036777"], "flag": ["kp"]}},
        {"id": "os-sanction-1", "schema": "Sanction", "last_change": "2024-02-20T10:00:00",
         "properties": {"entity": ["os-vostok"], "program": ["RUSSIA-EO14024"], "authority": ["OFAC"]}},
    ]


def csv_text(rows: list[list[str]], end_of_file: bool = False) -> str:
    """Rows as OFAC writes them: every field quoted except the leading number, CRLF line ends."""
    lines = [",".join([row[0], *(f'"{value}"' for value in row[1:])]) for row in rows]
    return "\r\n".join(lines) + "\r\n" + ("\x1a" if end_of_file else "")


def write(folder: Path) -> list[Path]:
    """Write every test list into `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "sdn.xml": OFAC_XML,
        "sdn.csv": csv_text(SDN_ROWS, end_of_file=True),
        "alt.csv": csv_text(ALT_ROWS),
        "un_consolidated.xml": UN_XML,
        "eu_fsf.xml": EU_XML,
        "opensanctions.ftm.json": "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in ftm_lines()),
    }
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent):
        print(written)
