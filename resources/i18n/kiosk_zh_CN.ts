<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>AccountScreen</name>
        <message>
            <source>Your account</source>
            <translation>您的账户</translation>
        </message>
        <message>
            <source>Account number</source>
            <translation>户号</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>户名</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>用电地址</translation>
        </message>
        <message>
            <source>Account type</source>
            <translation>用电类别</translation>
        </message>
        <message>
            <source>Tariff</source>
            <translation>电价</translation>
        </message>
        <message>
            <source>Retail company</source>
            <translation>售电公司</translation>
        </message>
        <message>
            <source>Amount due</source>
            <translation>应缴金额</translation>
        </message>
        <message>
            <source>Balance</source>
            <translation>账户余额</translation>
        </message>
        <message>
            <source>Recent bills</source>
            <translation>近期账单</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月份</translation>
        </message>
        <message>
            <source>Usage (kWh)</source>
            <translation>电量（千瓦时）</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金额</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Tier</source>
            <translation>阶梯</translation>
        </message>
        <message>
            <source>Price per kWh</source>
            <translation>电价（元/千瓦时）</translation>
        </message>
        <message>
            <source>Continue to payment</source>
            <translation>去缴费</translation>
        </message>
        <message>
            <source>There is nothing to pay on this account.</source>
            <translation>该账户暂无需缴纳的费用。</translation>
        </message>
        <message>
            <source>Latest bill by tier ({period})</source>
            <translation>最新账单阶梯明细（{period}）</translation>
        </message>
        <message>
            <source>Tier {n}</source>
            <translation>第{n}档</translation>
        </message>
    </context>
    <context>
        <name>AmountScreen</name>
        <message>
            <source>Pay</source>
            <translation>缴费</translation>
        </message>
        <message>
            <source>How much would you like to pay?</source>
            <translation>请选择缴费金额</translation>
        </message>
        <message>
            <source>Choose an amount or type it in yuan.</source>
            <translation>请选择金额，或输入金额（元）。</translation>
        </message>
        <message>
            <source>Amount to pay</source>
            <translation>缴费金额</translation>
        </message>
        <message>
            <source>The full amount due is paid in one payment.</source>
            <translation>本次将一次缴清全部应缴金额。</translation>
        </message>
        <message>
            <source>Amount due</source>
            <translation>应缴金额</translation>
        </message>
        <message>
            <source>Amount in yuan</source>
            <translation>请输入金额（元）</translation>
        </message>
        <message>
            <source>You can pay from {min} to {max}.</source>
            <translation>单笔缴费金额范围：{min} 至 {max}。</translation>
        </message>
        <message>
            <source>Pay {amount}</source>
            <translation>缴费 {amount}</translation>
        </message>
    </context>
    <context>
        <name>CodeScreen</name>
        <message>
            <source>Show your {provider} payment code</source>
            <translation>请出示{provider}付款码</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金额</translation>
        </message>
        <message>
            <source>Open {provider} on your phone, choose Pay, and hold the payment code 10–20 cm under the scanner window until you hear a beep.</source>
            <translation>请在手机上打开{provider}，进入付款页面，将付款码对准扫码窗口（距离 10–20 厘米），听到提示音即可。</translation>
        </message>
    </context>
    <context>
        <name>Footer</name>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>Header</name>
        <message>
            <source>Are you still there? This session ends in {seconds} s.</source>
            <translation>您还在吗？本次服务将在 {seconds} 秒后结束。</translation>
        </message>
        <message>
            <source>More time</source>
            <translation>继续办理</translation>
        </message>
    </context>
    <context>
        <name>IdentifyScreen</name>
        <message>
            <source>Continue</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>Enter your account number</source>
            <translation>请输入户号</translation>
        </message>
        <message>
            <source>The 10-digit number is printed at the top of your electricity bill.</source>
            <translation>10 位户号印在电费账单的上方。</translation>
        </message>
        <message>
            <source>10 digits</source>
            <translation>10 位数字</translation>
        </message>
        <message>
            <source>Or scan the barcode or QR code on your paper bill under the scanner.</source>
            <translation>也可以将纸质账单上的条形码或二维码对准扫码窗口扫描。</translation>
        </message>
    </context>
    <context>
        <name>IdleScreen</name>
        <message>
            <source>Self-service payment</source>
            <translation>自助缴费</translation>
        </message>
        <message>
            <source>Touch to start</source>
            <translation>点击屏幕开始</translation>
        </message>
        <message>
            <source>Reprint a receipt</source>
            <translation>补打缴费凭条</translation>
        </message>
        <message>
            <source>Pay your electricity bill or buy electricity for your card meter, 24 hours a day</source>
            <translation>缴纳电费、为插卡电表购电，24小时服务</translation>
        </message>
        <message>
            <source>Notices</source>
            <translation>公告</translation>
        </message>
        <message>
            <source>Buy electricity (card meter)</source>
            <translation>插卡电表购电</translation>
        </message>
        <message>
            <source>Payment unavailable</source>
            <translation>暂停缴费服务</translation>
        </message>
        <message>
            <source>Payment is unavailable at the moment. Please use the staffed counter.</source>
            <translation>暂时无法缴费，请前往人工柜台办理。</translation>
        </message>
    </context>
    <context>
        <name>Keypad</name>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清空</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
    </context>
    <context>
        <name>Message</name>
        <message>
            <source>{title}. {next_step}</source>
            <translation>{title}。{next_step}</translation>
        </message>
        <message>
            <source>That is not a valid account number</source>
            <translation>户号格式不正确</translation>
        </message>
        <message>
            <source>Check the 10-digit number on your electricity bill and type it again.</source>
            <translation>请核对电费账单上的 10 位户号后重新输入。</translation>
        </message>
        <message>
            <source>We could not find this account</source>
            <translation>未找到该户号</translation>
        </message>
        <message>
            <source>Check the number on your bill, or ask at the staffed counter.</source>
            <translation>请核对账单上的户号，或咨询人工柜台。</translation>
        </message>
        <message>
            <source>This code is not one of our electricity bills</source>
            <translation>该条码不是本公司的电费账单</translation>
        </message>
        <message>
            <source>Scan the code printed on your electricity bill, or type the number.</source>
            <translation>请扫描电费账单上的条码，或手动输入户号。</translation>
        </message>
        <message>
            <source>There is nothing to pay on this account</source>
            <translation>该账户暂无欠费</translation>
        </message>
        <message>
            <source>Your bills are paid. No action is needed.</source>
            <translation>您的电费已缴清，无需操作。</translation>
        </message>
        <message>
            <source>The amount must be between {min} and {max}</source>
            <translation>缴费金额须在 {min} 至 {max} 之间</translation>
        </message>
        <message>
            <source>Enter an amount within these limits.</source>
            <translation>请输入范围内的金额。</translation>
        </message>
        <message>
            <source>You chose {expected}, but this code is from {scanned}</source>
            <translation>您选择了{expected}，但出示的是{scanned}付款码</translation>
        </message>
        <message>
            <source>Show your {expected} payment code, or go back and choose {scanned}.</source>
            <translation>请出示{expected}付款码，或返回选择{scanned}。</translation>
        </message>
        <message>
            <source>This is not a payment code</source>
            <translation>这不是付款码</translation>
        </message>
        <message>
            <source>Open the Pay page in your app and show the payment code to the scanner.</source>
            <translation>请在应用中打开付款页面，将付款码对准扫码窗口。</translation>
        </message>
        <message>
            <source>This payment code has expired</source>
            <translation>付款码已过期</translation>
        </message>
        <message>
            <source>Refresh the payment code in your app and show it again.</source>
            <translation>请在应用中刷新付款码后重新出示。</translation>
        </message>
        <message>
            <source>The payment was declined: {reason}</source>
            <translation>支付被拒绝：{reason}</translation>
        </message>
        <message>
            <source>No money was taken. Try another payment method or account.</source>
            <translation>未扣款。请更换支付方式或账户后重试。</translation>
        </message>
        <message>
            <source>The payment was not confirmed in time and has been cancelled</source>
            <translation>支付未能及时确认，已撤销</translation>
        </message>
        <message>
            <source>No money was taken. You can try again.</source>
            <translation>未扣款，您可以重新缴费。</translation>
        </message>
        <message>
            <source>We could not confirm your payment yet</source>
            <translation>暂时无法确认您的支付结果</translation>
        </message>
        <message>
            <source>Staff will check it and you will not be charged twice. Keep this reference: {reference}</source>
            <translation>工作人员将进行核实，不会重复扣款。请保留交易参考号：{reference}</translation>
        </message>
        <message>
            <source>Payment services are temporarily unavailable</source>
            <translation>缴费服务暂时不可用</translation>
        </message>
        <message>
            <source>Please try again later or use the staffed counter.</source>
            <translation>请稍后再试，或前往人工柜台办理。</translation>
        </message>
        <message>
            <source>The code scanner is out of order</source>
            <translation>扫码器暂时无法使用</translation>
        </message>
        <message>
            <source>You can still look up your account on the keypad. To pay, please use another terminal or the counter.</source>
            <translation>仍可通过键盘输入户号查询账户；如需缴费，请使用其他自助终端或前往人工柜台。</translation>
        </message>
        <message>
            <source>Payment codes cannot be read. Please use another terminal or the counter.</source>
            <translation>无法读取付款码，请使用其他自助终端或前往人工柜台。</translation>
        </message>
        <message>
            <source>Your payment is complete, but the receipt could not be printed</source>
            <translation>缴费已成功，但凭条未能打印</translation>
        </message>
        <message>
            <source>Reprint it later on this terminal with reference {reference}.</source>
            <translation>您可稍后在本终端凭参考号 {reference} 补打凭条。</translation>
        </message>
        <message>
            <source>No payment was found with this reference</source>
            <translation>未找到该参考号对应的缴费记录</translation>
        </message>
        <message>
            <source>Check the reference on the payment screen or your app, and type it again.</source>
            <translation>请核对缴费成功页面或手机应用中的参考号后重新输入。</translation>
        </message>
        <message>
            <source>Sorry, something went wrong on this terminal</source>
            <translation>抱歉，本终端出现了故障</translation>
        </message>
        <message>
            <source>A payment under way is checked automatically and never charged twice. Please start again, or ask at the staffed counter.</source>
            <translation>进行中的支付会自动核实，不会重复扣款。请重新开始，或咨询人工柜台。</translation>
        </message>
        <message>
            <source>Your receipt has been printed</source>
            <translation>凭条已打印</translation>
        </message>
        <message>
            <source>Please take your receipt from the slot below.</source>
            <translation>请从下方出纸口取走凭条。</translation>
        </message>
        <message>
            <source>Your card was declined: {reason}</source>
            <translation>银行卡支付未成功：{reason}</translation>
        </message>
        <message>
            <source>No money was taken. Take your card and try another card or method.</source>
            <translation>未扣款。请取回银行卡，换一张卡或其他支付方式再试。</translation>
        </message>
        <message>
            <source>The card payment was cancelled</source>
            <translation>银行卡支付已取消</translation>
        </message>
        <message>
            <source>No money was taken. You can try again or choose another method.</source>
            <translation>未扣款。您可以重试或选择其他支付方式。</translation>
        </message>
        <message>
            <source>The bank did not confirm the payment in time, so it was cancelled</source>
            <translation>银行未能及时确认本次支付，交易已自动撤销</translation>
        </message>
        <message>
            <source>No money was taken; if your bank shows a charge, it will be returned automatically. You can try again.</source>
            <translation>未扣款；如银行显示已扣款，款项将自动退回。您可以重试。</translation>
        </message>
        <message>
            <source>We could not confirm your card payment yet</source>
            <translation>暂时无法确认您的银行卡支付结果</translation>
        </message>
        <message>
            <source>Staff will check it; any money taken will be returned and you will not be charged twice. Keep this reference: {reference}</source>
            <translation>工作人员将核实处理，已扣款项会退回，不会重复扣款。请保留参考号：{reference}</translation>
        </message>
        <message>
            <source>Bank card payment is out of order</source>
            <translation>银行卡支付暂不可用</translation>
        </message>
        <message>
            <source>Please choose another payment method, or use the staffed counter.</source>
            <translation>请选择其他支付方式，或前往人工柜台办理。</translation>
        </message>
        <message>
            <source>Your card was left in the slot and kept safe</source>
            <translation>您的银行卡未及时取走，已被安全回收</translation>
        </message>
        <message>
            <source>Collect it at the staffed counter with your ID and reference {reference}.</source>
            <translation>请携带身份证件到人工柜台领取，参考号 {reference}。</translation>
        </message>
        <message>
            <source>The QR code was not paid in time</source>
            <translation>二维码超时未支付</translation>
        </message>
        <message>
            <source>The order was closed and no money was taken. You can start again.</source>
            <translation>订单已关闭，未扣款。您可以重新开始。</translation>
        </message>
        <message>
            <source>The card cannot be read</source>
            <translation>无法读取该卡</translation>
        </message>
        <message>
            <source>Insert it chip first with the chip facing up. If it still fails, the card may be damaged: please go to the staffed counter.</source>
            <translation>请将芯片朝上、芯片端先插入。如仍无法读取，卡片可能已损坏，请到人工柜台办理。</translation>
        </message>
        <message>
            <source>This card has not been issued yet</source>
            <translation>该卡尚未开户发行</translation>
        </message>
        <message>
            <source>A new card is issued at the staffed counter. Please go there.</source>
            <translation>新卡须在人工柜台开户，请前往办理。</translation>
        </message>
        <message>
            <source>This card belongs to another power utility</source>
            <translation>该卡不属于本供电公司</translation>
        </message>
        <message>
            <source>Please buy electricity from the utility that issued the card.</source>
            <translation>请到发卡的供电公司购电。</translation>
        </message>
        <message>
            <source>This meter type cannot be served here</source>
            <translation>本机不支持该类型电表</translation>
        </message>
        <message>
            <source>Please buy electricity at the staffed counter.</source>
            <translation>请到人工柜台购电。</translation>
        </message>
        <message>
            <source>We could not find this card's meter</source>
            <translation>未找到该卡对应的电表</translation>
        </message>
        <message>
            <source>Please ask at the staffed counter to check the card.</source>
            <translation>请到人工柜台核查该卡。</translation>
        </message>
        <message>
            <source>Your last purchase has not been loaded into the meter yet</source>
            <translation>您上次购买的电量尚未插入电表</translation>
        </message>
        <message>
            <source>Insert the card into your meter first, then come back to buy more.</source>
            <translation>请先将卡插入电表完成充值，再来购电。</translation>
        </message>
        <message>
            <source>The card refused the purchase record</source>
            <translation>卡片拒绝写入购电记录</translation>
        </message>
        <message>
            <source>Your payment is safe and will be written later. Please go to the staffed counter with reference {reference}.</source>
            <translation>您的付款安全无误，稍后可补写。请凭参考号 {reference} 到人工柜台办理。</translation>
        </message>
        <message>
            <source>The card's purchase count does not match our records</source>
            <translation>卡内购电次数与系统记录不一致</translation>
        </message>
        <message>
            <source>Your payment is safe. Staff will correct the card: please go to the staffed counter with reference {reference}.</source>
            <translation>您的付款安全无误，工作人员将为您处理。请凭参考号 {reference} 到人工柜台办理。</translation>
        </message>
        <message>
            <source>The card was removed before the purchase was written</source>
            <translation>写卡完成前卡片被拔出</translation>
        </message>
        <message>
            <source>Your payment is safe. Insert the card again on any terminal and the purchase will be written to it.</source>
            <translation>您的付款安全无误。请在任意一台终端重新插卡，系统将自动补写。</translation>
        </message>
        <message>
            <source>Your purchase is paid but could not be written to the card</source>
            <translation>已付款，但未能写入卡片</translation>
        </message>
        <message>
            <source>Nothing is lost: insert the card again on any terminal and it will be written. You will not be charged twice.</source>
            <translation>款项不会丢失：在任意一台终端重新插卡即可补写，不会重复扣款。</translation>
        </message>
        <message>
            <source>An earlier purchase of {amount} has been written to your card</source>
            <translation>之前购买的 {amount} 已补写到您的卡中</translation>
        </message>
        <message>
            <source>Insert the card into your meter to load the electricity.</source>
            <translation>请将卡插入电表完成充值。</translation>
        </message>
        <message>
            <source>The meter card reader is out of order</source>
            <translation>电表卡读卡器暂不可用</translation>
        </message>
        <message>
            <source>Please use another terminal or the staffed counter.</source>
            <translation>请使用其他终端或前往人工柜台。</translation>
        </message>
        <message>
            <source>Something went wrong</source>
            <translation>操作未能完成</translation>
        </message>
        <message>
            <source>Please try again, or ask at the staffed counter.</source>
            <translation>请重试，或咨询人工柜台。</translation>
        </message>
        <message>
            <source>the bank did not approve the payment</source>
            <translation>银行未批准本次支付</translation>
        </message>
        <message>
            <source>the card number is not valid</source>
            <translation>卡号无效</translation>
        </message>
        <message>
            <source>insufficient funds</source>
            <translation>余额不足</translation>
        </message>
        <message>
            <source>the card has expired</source>
            <translation>卡片已过期</translation>
        </message>
        <message>
            <source>wrong PIN</source>
            <translation>密码错误</translation>
        </message>
        <message>
            <source>the amount is over the card's limit</source>
            <translation>金额超出卡片限额</translation>
        </message>
        <message>
            <source>too many wrong PIN attempts</source>
            <translation>密码错误次数超限</translation>
        </message>
        <message>
            <source>the bank declined the payment (code {code})</source>
            <translation>银行拒绝了本次支付（代码 {code}）</translation>
        </message>
        <message>
            <source>WeChat Pay</source>
            <translation>微信支付</translation>
        </message>
        <message>
            <source>UnionPay card</source>
            <translation>银联卡</translation>
        </message>
        <message>
            <source>Alipay</source>
            <translation>支付宝</translation>
        </message>
        <message>
            <source>Show your payment code to the scanner</source>
            <translation>向扫码器出示付款码</translation>
        </message>
        <message>
            <source>Scan the code on this screen with your phone</source>
            <translation>用手机扫描屏幕上的二维码</translation>
        </message>
        <message>
            <source>UnionPay bank card</source>
            <translation>银联银行卡</translation>
        </message>
        <message>
            <source>Insert your card and enter your PIN</source>
            <translation>插入银行卡并输入密码</translation>
        </message>
        <message>
            <source>Residential</source>
            <translation>居民生活用电</translation>
        </message>
        <message>
            <source>Prepaid</source>
            <translation>预付费用电</translation>
        </message>
        <message>
            <source>Commercial</source>
            <translation>商业用电</translation>
        </message>
        <message>
            <source>Industrial</source>
            <translation>工业用电</translation>
        </message>
        <message>
            <source>Sending your payment…</source>
            <translation>正在提交支付…</translation>
        </message>
        <message>
            <source>Please wait. Keep your phone ready.</source>
            <translation>请稍候，请保持手机在手边。</translation>
        </message>
        <message>
            <source>Please confirm the payment on your phone</source>
            <translation>请在手机上确认支付</translation>
        </message>
        <message>
            <source>Enter your payment password in the app if it asks for one.</source>
            <translation>如应用提示，请输入支付密码。</translation>
        </message>
        <message>
            <source>Checking the result of your payment…</source>
            <translation>正在查询支付结果…</translation>
        </message>
        <message>
            <source>This can take up to a minute. Please do not leave.</source>
            <translation>最长可能需要一分钟，请不要离开。</translation>
        </message>
        <message>
            <source>Printing your receipt…</source>
            <translation>正在打印凭条…</translation>
        </message>
        <message>
            <source>Your payment is complete. The receipt will come out below.</source>
            <translation>缴费已成功，凭条将从下方出纸口打出。</translation>
        </message>
        <message>
            <source>Insert your bank card</source>
            <translation>请插入银行卡</translation>
        </message>
        <message>
            <source>Insert your card into the card slot and enter your PIN on the keypad beside it. This screen never asks for your PIN.</source>
            <translation>请将银行卡插入插卡口，并在旁边的密码键盘上输入密码。本屏幕不会要求您输入密码。</translation>
        </message>
        <message>
            <source>Enter your PIN on the keypad</source>
            <translation>请在密码键盘上输入密码</translation>
        </message>
        <message>
            <source>Cover the keypad with your hand, then press the green key.</source>
            <translation>输入时请用手遮挡键盘，输完后按绿色确认键。</translation>
        </message>
        <message>
            <source>Contacting your bank…</source>
            <translation>正在连接银行…</translation>
        </message>
        <message>
            <source>Please wait and leave your card in the slot.</source>
            <translation>请稍候，不要取出银行卡。</translation>
        </message>
        <message>
            <source>Cancelling the unconfirmed payment…</source>
            <translation>正在撤销未确认的交易…</translation>
        </message>
        <message>
            <source>Your bank did not answer in time. No money will be kept.</source>
            <translation>银行未及时响应，款项不会被扣留。</translation>
        </message>
        <message>
            <source>Preparing your payment QR code…</source>
            <translation>正在生成支付二维码…</translation>
        </message>
        <message>
            <source>Reading your meter card…</source>
            <translation>正在读取电表卡…</translation>
        </message>
        <message>
            <source>Please leave the card in the reader.</source>
            <translation>请不要取出卡片。</translation>
        </message>
        <message>
            <source>Writing the purchase to your card…</source>
            <translation>正在写卡…</translation>
        </message>
        <message>
            <source>Do not remove your card until you are told to take it.</source>
            <translation>请勿拔卡，提示取卡后再取出。</translation>
        </message>
        <message>
            <source>Unpaid</source>
            <translation>未缴</translation>
        </message>
        <message>
            <source>Partly paid</source>
            <translation>部分缴纳</translation>
        </message>
        <message>
            <source>Paid</source>
            <translation>已缴</translation>
        </message>
    </context>
    <context>
        <name>MessageScreen</name>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
    </context>
    <context>
        <name>MethodScreen</name>
        <message>
            <source>How would you like to pay?</source>
            <translation>请选择支付方式</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金额</translation>
        </message>
        <message>
            <source>The receipt printer is not available. You can reprint the receipt later.</source>
            <translation>凭条打印机暂不可用，您可稍后补打凭条。</translation>
        </message>
    </context>
    <context>
        <name>NoReceiptScreen</name>
        <message>
            <source>The receipt printer is not working</source>
            <translation>凭条打印机暂时无法使用</translation>
        </message>
        <message>
            <source>You can still pay. After paying, note the reference shown on the screen: with it you can reprint the receipt later on this terminal.</source>
            <translation>您仍可继续缴费。缴费成功后请记下屏幕上显示的参考号，之后可在本终端凭参考号补打凭条。</translation>
        </message>
        <message>
            <source>Pay without a receipt</source>
            <translation>不打印凭条，继续缴费</translation>
        </message>
        <message>
            <source>Do not pay now</source>
            <translation>暂不缴费</translation>
        </message>
    </context>
    <context>
        <name>OutcomeScreen</name>
        <message>
            <source>This screen closes in {seconds} s.</source>
            <translation>本页面将在 {seconds} 秒后关闭。</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Payment successful</source>
            <translation>缴费成功</translation>
        </message>
        <message>
            <source>Payment not made</source>
            <translation>缴费未成功</translation>
        </message>
        <message>
            <source>Please take your receipt from the slot below.</source>
            <translation>请从下方出纸口取走凭条。</translation>
        </message>
        <message>
            <source>No money was taken.</source>
            <translation>未扣款。</translation>
        </message>
        <message>
            <source>Reference: {reference}</source>
            <translation>参考号：{reference}</translation>
        </message>
    </context>
    <context>
        <name>PrepaidCardScreen</name>
        <message>
            <source>Your meter card</source>
            <translation>您的电表卡</translation>
        </message>
        <message>
            <source>Meter number</source>
            <translation>表号</translation>
        </message>
        <message>
            <source>Account number</source>
            <translation>户号</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>户名</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>用电地址</translation>
        </message>
        <message>
            <source>Credit in the meter</source>
            <translation>表内剩余金额</translation>
        </message>
        <message>
            <source>Recent purchases</source>
            <translation>最近购电记录</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金额</translation>
        </message>
        <message>
            <source>On the card</source>
            <translation>写卡状态</translation>
        </message>
        <message>
            <source>No purchases yet.</source>
            <translation>暂无购电记录。</translation>
        </message>
        <message>
            <source>Buy electricity</source>
            <translation>购电</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <source>Written</source>
            <translation>已写卡</translation>
        </message>
        <message>
            <source>Not yet written</source>
            <translation>未写卡</translation>
        </message>
        <message>
            <source>An earlier purchase of {amount} is paid but not yet on your card. It will be written to your card now.</source>
            <translation>您之前购买的 {amount} 已付款但尚未写入卡中，现在将为您补写。</translation>
        </message>
        <message>
            <source>Your last purchase has not been loaded into the meter yet. Insert the card into your meter first, then come back to buy more.</source>
            <translation>您上次购买的电量尚未插入电表。请先将卡插入电表完成充值，再来购电。</translation>
        </message>
    </context>
    <context>
        <name>PrepaidInsertScreen</name>
        <message>
            <source>Insert your meter card</source>
            <translation>请插入电表卡</translation>
        </message>
        <message>
            <source>Buy electricity for your prepaid (card) meter</source>
            <translation>为预付费（插卡）电表购电</translation>
        </message>
        <message>
            <source>Hold the card with the chip facing up and push it, chip first, into the card reader below the screen. Leave it there until you are told to take it.</source>
            <translation>请将卡片芯片朝上，芯片端先插入屏幕下方的读卡器。在提示取卡前请勿拔出。</translation>
        </message>
    </context>
    <context>
        <name>QrPayScreen</name>
        <message>
            <source>This code is valid for {time} more</source>
            <translation>二维码剩余有效时间 {time}</translation>
        </message>
        <message>
            <source>Scan this code with {provider}</source>
            <translation>请用{provider}扫描二维码</translation>
        </message>
        <message>
            <source>Open {provider} on your phone, tap Scan, point the camera at this code and confirm the payment on your phone.</source>
            <translation>打开手机{provider}，点击“扫一扫”，对准此二维码，并在手机上确认支付。</translation>
        </message>
    </context>
    <context>
        <name>ReferenceScreen</name>
        <message>
            <source>Reprint</source>
            <translation>补打</translation>
        </message>
        <message>
            <source>Reprint a receipt</source>
            <translation>补打缴费凭条</translation>
        </message>
        <message>
            <source>Enter the reference shown on the payment screen or on your receipt.</source>
            <translation>请输入缴费成功页面或凭条上的参考号。</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>参考号</translation>
        </message>
    </context>
    <context>
        <name>TakeCardScreen</name>
        <message>
            <source>Please take your card</source>
            <translation>请取走您的卡</translation>
        </message>
        <message>
            <source>Your bank card is coming out of the card slot.</source>
            <translation>银行卡正从插卡口退出。</translation>
        </message>
        <message>
            <source>Take your meter card out of the card reader.</source>
            <translation>请从读卡器中取出电表卡。</translation>
        </message>
        <message>
            <source>Your card is still in the slot. Please take it now.</source>
            <translation>您的卡仍在卡口内，请立即取走。</translation>
        </message>
    </context>
</TS>
