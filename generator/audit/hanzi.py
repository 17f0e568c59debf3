"""Traditional characters read as simplified: a page set in 繁體 (``單位：萬元``, ``較上年無增減``) is audited
like one in simplified characters.

Only characters that are never simplified forms themselves are mapped (so a simplified text is unchanged):
the vocabulary of budgets, their tables and their narratives, not a general converter.
"""

from __future__ import annotations

#: Pairs: a traditional character followed by its simplified form.
_PAIRS = (
    "萬万預预經经費费撥拨較较無无減减長长務务購购運运維维護护國国門门總总計计說说況况開开車车與与關关機机單单"
    "財财業业據据為为發发產产資资設设備备貨货採采辦办勞劳補补貼贴績绩標标實实際际員员離离險险醫医療疗衛卫體体"
    "戶户層层區区縣县鄉乡鎮镇書书會会議议類类劃划報报條条將将對对應应專专屬属廳厅處处規规範范準准當当變变動动"
    "並并這这個个們们來来後后於于過过還还進进達达選选邊边調调認认證证請请論论讓让職职責责構构樣样權权歸归環环"
    "現现養养節节約约級级統统繼继續续結结給给絕绝線线組组織织細细終终紀纪納纳網网價价億亿傳传優优儲储償偿僅仅"
    "兩两內内創创勵励協协參参雙双號号嚴严團团圖图園园圍围場场壓压執执獎奖學学寶宝導导幣币廣广廢废廠厂徑径復复"
    "徵征態态憑凭戰战擔担擬拟擴扩數数斷断時时東东檢检極极樓楼檔档歷历殘残氣气決决沒没測测濟济災灾營营獨独獲获"
    "畫画盡尽監监盤盘碼码確确禮礼種种稅税穩稳競竞筆笔簡简糧粮純纯紙纸綜综緊紧編编繳缴義义習习聯联聽听舉举舊旧"
    "藝艺華华蓋盖藥药裝装製制見见視视親亲觀观訂订討讨訓训記记許许診诊詢询試试話话該该詳详誤误課课談谈識识讀读"
    "負负質质賬账賃赁轉转輛辆輸输輔辅載载農农違违遠远適适遷迁遺遗郵邮釋释錄录錢钱鐵铁間间陽阳隊队隨随隱隐雜杂"
    "難难電电靈灵頁页項项順顺須须領领題题額额顧顾顯显風风飛飞館馆驗验點点黨党齊齐倉仓儀仪債债傷伤勢势匯汇壇坛"
    "寧宁屆届幫帮庫库彈弹徹彻慮虑揮挥損损換换擊击敘叙暫暂曆历橋桥櫃柜淨净滅灭漢汉潔洁熱热爭争狀状畢毕異异稱称"
    "窮穷籌筹簽签糾纠絡络綠绿緒绪練练縮缩繪绘罰罚羅罗聞闻臨临衝冲襲袭訊讯託托誠诚賓宾賣卖賠赔趕赶跡迹軌轨輕轻"
    "轄辖辭辞遞递遲迟銀银銷销鋪铺鍵键鎖锁閱阅陣阵陰阴陳陈陸陆雖虽響响頂顶頒颁頭头願愿飲饮餘余駐驻髮发鬥斗鮮鲜"
    "鹽盐麥麦黃黄臺台週周裏里鐘钟鬆松隻只衹只嚮向鉅巨鑑鉴彙汇擁拥綱纲範范"
)
_TABLE = str.maketrans(dict(zip(_PAIRS[0::2], _PAIRS[1::2], strict=True)))


def simplified(text: str) -> str:
    """``text`` with its traditional characters in their simplified forms."""
    return text.translate(_TABLE)
