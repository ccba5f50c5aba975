<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>AccountScreen</name>
        <message>
            <source>Continue to payment</source>
            <translation>去缴费</translation>
        </message>
        <message>
            <source>There is nothing to pay on this account.</source>
            <translation>该账户暂无需缴纳的费用。</translation>
        </message>
    </context>
    <context>
        <name>AccountSummary</name>
        <message>
            <source>Account number</source>
            <translation>户号</translation>
        </message>
        <message>
            <source>Account type</source>
            <translation>用电类别</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>用电地址</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金额</translation>
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
            <source>Latest bill by tier ({period})</source>
            <translation>最新账单阶梯明细（{period}）</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月份</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>户名</translation>
        </message>
        <message>
            <source>Price per kWh</source>
            <translation>电价（元/千瓦时）</translation>
        </message>
        <message>
            <source>Recent bills</source>
            <translation>近期账单</translation>
        </message>
        <message>
            <source>Retail company</source>
            <translation>售电公司</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Tariff</source>
            <translation>电价</translation>
        </message>
        <message>
            <source>Tier</source>
            <translation>阶梯</translation>
        </message>
        <message>
            <source>Tier {n}</source>
            <translation>第{n}档</translation>
        </message>
        <message>
            <source>Usage (kWh)</source>
            <translation>电量（千瓦时）</translation>
        </message>
        <message>
            <source>Your account</source>
            <translation>您的账户</translation>
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
        <message>
            <source>Talk to a teller by video</source>
            <translation>与视频柜员通话</translation>
        </message>
        <message>
            <source>Video teller</source>
            <translation>视频柜员</translation>
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
            <source>Please use another terminal or the staffed counter.</source>
            <translation>请使用其他终端或前往人工柜台。</translation>
        </message>
        <message>
            <source>Self-service payment</source>
            <translation>自助缴费</translation>
        </message>
        <message>
            <source>Pay your electricity bill or buy electricity for your card meter, 24 hours a day</source>
            <translation>缴纳电费、为插卡电表购电，24小时服务</translation>
        </message>
        <message>
            <source>Reprint a receipt</source>
            <translation>补打缴费凭条</translation>
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
            <source>Touch to start</source>
            <translation>点击屏幕开始</translation>
        </message>
        <message>
            <source>Payment unavailable</source>
            <translation>暂停缴费服务</translation>
        </message>
        <message>
            <source>Payment is unavailable at the moment. Please use the staffed counter.</source>
            <translation>暂时无法缴费，请前往人工柜台办理。</translation>
        </message>
        <message>
            <source>Out of service</source>
            <translation>暂停服务</translation>
        </message>
        <message>
            <source>This terminal is temporarily out of service.</source>
            <translation>本机暂停服务，给您带来不便，敬请谅解。</translation>
        </message>
        <message>
            <source>Video teller</source>
            <translation>视频柜员</translation>
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
        <message>
            <source>Video tellers are not available right now</source>
            <translation>视频柜员暂时无法服务</translation>
        </message>
        <message>
            <source>Please try again later, or ask at the staffed counter.</source>
            <translation>请稍后再试，或到人工柜台办理。</translation>
        </message>
        <message>
            <source>All our tellers are busy</source>
            <translation>柜员都在忙</translation>
        </message>
        <message>
            <source>Leave your mobile number and a teller will call you back.</source>
            <translation>请留下手机号码，柜员会给您回电。</translation>
        </message>
        <message>
            <source>The video call could not be connected</source>
            <translation>视频通话未能接通</translation>
        </message>
        <message>
            <source>The teller has ended the call</source>
            <translation>柜员已结束通话</translation>
        </message>
        <message>
            <source>Thank you. You can start a new call from the home screen.</source>
            <translation>谢谢。您可以在首页重新发起通话。</translation>
        </message>
        <message>
            <source>A teller will call you at {phone}</source>
            <translation>柜员将致电 {phone} 与您联系</translation>
        </message>
        <message>
            <source>Please keep your phone with you. The call comes from our hall.</source>
            <translation>请保持手机畅通，来电为本营业厅号码。</translation>
        </message>
        <message>
            <source>That is not a valid mobile number</source>
            <translation>手机号码无效</translation>
        </message>
        <message>
            <source>Type the 11 digits of your mobile number, starting with 1.</source>
            <translation>请输入以 1 开头的 11 位手机号码。</translation>
        </message>
        <message>
            <source>It comes out of the slot below the screen.</source>
            <translation>单据从屏幕下方的出纸口送出。</translation>
        </message>
        <message>
            <source>Please check it and correct it.</source>
            <translation>请检查并改正。</translation>
        </message>
        <message>
            <source>Please sign the form first</source>
            <translation>请先在表单上签名</translation>
        </message>
        <message>
            <source>Please take your printed document</source>
            <translation>请取走打印的单据</translation>
        </message>
        <message>
            <source>Please try again, or tell the teller.</source>
            <translation>请重试，或告诉柜员。</translation>
        </message>
        <message>
            <source>Sign in the box with your finger, then press Submit.</source>
            <translation>请用手指在签名框内签名，然后点击“提交”。</translation>
        </message>
        <message>
            <source>Printing your document…</source>
            <translation>正在打印单据…</translation>
        </message>
        <message>
            <source>Please wait a moment.</source>
            <translation>请稍候。</translation>
        </message>
        <message>
            <source>The document could not be printed</source>
            <translation>单据未能打印</translation>
        </message>
        <message>
            <source>The teller has been told and will help you another way.</source>
            <translation>柜员已收到通知，会用其他方式为您办理。</translation>
        </message>
        <message>
            <source>The teller has been told. You can keep talking to them.</source>
            <translation>柜员已收到通知，您可以继续与柜员通话。</translation>
        </message>
        <message>
            <source>Your account could not be opened</source>
            <translation>未能打开您的账户信息</translation>
        </message>
        <message>
            <source>Your document did not reach the teller</source>
            <translation>资料未能发送给柜员</translation>
        </message>
        <message>
            <source>{field} is not right</source>
            <translation>{field}填写有误</translation>
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
        <name>Staff</name>
        <message>
            <source>Unknown staff ID or card</source>
            <translation>工号或工作卡未登记</translation>
        </message>
        <message>
            <source>Check the ID, or ask the hall supervisor to register you.</source>
            <translation>请核对工号，或请营业厅主管为您登记。</translation>
        </message>
        <message>
            <source>This staff card was not recognised</source>
            <translation>工作卡验证未通过</translation>
        </message>
        <message>
            <source>The card failed its check. Log in with your staff ID and PIN.</source>
            <translation>此卡未通过安全验证，请用工号和密码登录。</translation>
        </message>
        <message>
            <source>Wrong PIN</source>
            <translation>密码错误</translation>
        </message>
        <message>
            <source>{attempts_left} attempts left before the account is locked.</source>
            <translation>再错 {attempts_left} 次账户将被锁定。</translation>
        </message>
        <message>
            <source>Account locked after too many wrong PINs</source>
            <translation>密码错误次数过多，账户已锁定</translation>
        </message>
        <message>
            <source>Try again after {until}, or ask the hall supervisor.</source>
            <translation>请在 {until} 之后重试，或联系营业厅主管。</translation>
        </message>
        <message>
            <source>Please confirm it is still you</source>
            <translation>请确认是您本人在操作</translation>
        </message>
        <message>
            <source>Enter your PIN again to go on.</source>
            <translation>请再次输入密码以继续。</translation>
        </message>
        <message>
            <source>Operator switch at maintenance</source>
            <translation>操作员钥匙开关处于维护位置</translation>
        </message>
        <message>
            <source>Log in to continue, or turn the key back to run.</source>
            <translation>请登录后继续，或将钥匙转回运行位置。</translation>
        </message>
        <message>
            <source>Self-test of {device}…</source>
            <translation>正在自检 {device}…</translation>
        </message>
        <message>
            <source>{instruction}</source>
            <translation>{instruction}</translation>
        </message>
        <message>
            <source>Self-test of {device} passed</source>
            <translation>{device} 自检通过</translation>
        </message>
        <message>
            <source>{detail}</source>
            <translation>{detail}</translation>
        </message>
        <message>
            <source>Self-test of {device} failed</source>
            <translation>{device} 自检失败</translation>
        </message>
        <message>
            <source>{device} was reconnected</source>
            <translation>{device} 已重新连接</translation>
        </message>
        <message>
            <source>State now: {state}.</source>
            <translation>当前状态：{state}。</translation>
        </message>
        <message>
            <source>{device} could not be reconnected</source>
            <translation>{device} 无法重新连接</translation>
        </message>
        <message>
            <source>Paper refill recorded for {device}</source>
            <translation>已记录 {device} 更换纸卷</translation>
        </message>
        <message>
            <source>The receipt counter starts again from zero.</source>
            <translation>凭条计数已从零重新开始。</translation>
        </message>
        <message>
            <source>Take this terminal out of service?</source>
            <translation>确定将本机暂停服务吗？</translation>
        </message>
        <message>
            <source>Customers will be sent to the next terminal or counter.</source>
            <translation>客户将被引导至其他终端或柜台。</translation>
        </message>
        <message>
            <source>Put this terminal back in service?</source>
            <translation>确定恢复本机服务吗？</translation>
        </message>
        <message>
            <source>Customers can use it again as soon as you exit maintenance.</source>
            <translation>退出维护后客户即可再次使用。</translation>
        </message>
        <message>
            <source>The terminal is out of service</source>
            <translation>本机已暂停服务</translation>
        </message>
        <message>
            <source>The idle screen shows where customers can go instead.</source>
            <translation>待机画面会提示客户前往何处办理。</translation>
        </message>
        <message>
            <source>The terminal is in service</source>
            <translation>本机已恢复服务</translation>
        </message>
        <message>
            <source>Customers can use it again after you exit maintenance.</source>
            <translation>退出维护后客户即可再次使用。</translation>
        </message>
        <message>
            <source>Receipt {reference} reprinted</source>
            <translation>凭条 {reference} 已补打</translation>
        </message>
        <message>
            <source>Hand the receipt to the customer.</source>
            <translation>请将凭条交给客户。</translation>
        </message>
        <message>
            <source>Receipt {reference} could not be reprinted</source>
            <translation>凭条 {reference} 补打失败</translation>
        </message>
        <message>
            <source>Reconciling the day…</source>
            <translation>正在进行日终对账…</translation>
        </message>
        <message>
            <source>Fetching the back office's settlement and comparing it with the journal.</source>
            <translation>正在获取后台结算数据并与本机流水核对。</translation>
        </message>
        <message>
            <source>Reconciliation printed</source>
            <translation>对账单已打印</translation>
        </message>
        <message>
            <source>Take the report from the receipt printer.</source>
            <translation>请从凭条打印机取走对账单。</translation>
        </message>
        <message>
            <source>The reconciliation could not be printed</source>
            <translation>对账单打印失败</translation>
        </message>
        <message>
            <source>Reconciliation sent to the back office</source>
            <translation>对账结果已上送后台</translation>
        </message>
        <message>
            <source>Report ID {report_id}.</source>
            <translation>报告编号 {report_id}。</translation>
        </message>
        <message>
            <source>The reconciliation could not be sent</source>
            <translation>对账结果上送失败</translation>
        </message>
        <message>
            <source>{detail} Try again later; the report is kept.</source>
            <translation>{detail} 请稍后重试，对账结果已保留。</translation>
        </message>
        <message>
            <source>The back office cannot be reached</source>
            <translation>无法连接后台</translation>
        </message>
        <message>
            <source>The settlement could not be fetched. Try again later.</source>
            <translation>无法获取结算数据，请稍后重试。</translation>
        </message>
        <message>
            <source>Exporting logs and the journal…</source>
            <translation>正在导出日志和流水…</translation>
        </message>
        <message>
            <source>Do not remove the drive.</source>
            <translation>请勿拔出移动存储设备。</translation>
        </message>
        <message>
            <source>Export finished</source>
            <translation>导出完成</translation>
        </message>
        <message>
            <source>{files} files written to {folder}.</source>
            <translation>已将 {files} 个文件写入 {folder}。</translation>
        </message>
        <message>
            <source>No removable drive found</source>
            <translation>未找到移动存储设备</translation>
        </message>
        <message>
            <source>Plug a drive in so that it is mounted at {folder}, then try again.</source>
            <translation>请插入移动存储设备（挂载于 {folder}）后重试。</translation>
        </message>
        <message>
            <source>The export failed</source>
            <translation>导出失败</translation>
        </message>
        <message>
            <source>{action} failed</source>
            <translation>{action}失败</translation>
        </message>
        <message>
            <source>{detail} The fault was logged.</source>
            <translation>{detail} 故障已记入日志。</translation>
        </message>
        <message>
            <source>{action} is not allowed for your role</source>
            <translation>您的角色无权执行“{action}”</translation>
        </message>
        <message>
            <source>Ask a supervisor or technician.</source>
            <translation>请联系主管或技术员。</translation>
        </message>
        <message>
            <source>Please wait.</source>
            <translation>请稍候。</translation>
        </message>
        <message>
            <source>Printing a test receipt. Check that it is complete and readable.</source>
            <translation>正在打印测试凭条，请检查内容是否完整清晰。</translation>
        </message>
        <message>
            <source>Show a QR code or barcode to the scanner.</source>
            <translation>请将二维码或条码对准扫码器。</translation>
        </message>
        <message>
            <source>Insert a card into the IC card reader.</source>
            <translation>请将卡片插入IC读卡器。</translation>
        </message>
        <message>
            <source>Checking that the payment module answers.</source>
            <translation>正在检查支付模块是否应答。</translation>
        </message>
        <message>
            <source>Reading the door and operator switch sensors.</source>
            <translation>正在读取柜门和钥匙开关传感器。</translation>
        </message>
        <message>
            <source>This device has no self-test.</source>
            <translation>此设备没有自检项目。</translation>
        </message>
        <message>
            <source>The bank card payment could not be reversed. Call the acquirer with the trace number and RRN from the receipt log, and ask them to reverse it.</source>
            <translation>银行卡交易冲正失败。请凭流水日志中的凭证号和检索参考号致电收单机构，要求冲正。</translation>
        </message>
        <message>
            <source>The payment code's result is unknown. Look the order number up in the merchant portal: if paid, post it by hand; if not, close it.</source>
            <translation>付款码交易结果未知。请在商户平台按订单号查询：已支付则手工入账，未支付则关闭订单。</translation>
        </message>
        <message>
            <source>The on-screen QR order's result is unknown. Look the order number up in the merchant portal: if paid, post it by hand; if not, close it.</source>
            <translation>屏幕二维码订单结果未知。请在商户平台按订单号查询：已支付则手工入账，未支付则关闭订单。</translation>
        </message>
        <message>
            <source>Paid, but the meter card refused the purchase. Rewrite it at the counter with the customer's card, or issue a refund.</source>
            <translation>已付款，但电卡未能写入。请持客户电卡在柜台重新写卡，或办理退款。</translation>
        </message>
        <message>
            <source>Paid, but the back office never booked it. Post the payment by hand in the billing system with this order number.</source>
            <translation>已付款，但后台未入账。请按此订单号在营销系统中手工入账。</translation>
        </message>
        <message>
            <source>Check the order in the merchant portal and the back office.</source>
            <translation>请在商户平台和后台核查此订单。</translation>
        </message>
        <message>
            <source>Dashboard</source>
            <translation>设备总览</translation>
        </message>
        <message>
            <source>Self-test</source>
            <translation>自检</translation>
        </message>
        <message>
            <source>Paper refilled</source>
            <translation>已换纸</translation>
        </message>
        <message>
            <source>Take out of service</source>
            <translation>暂停服务</translation>
        </message>
        <message>
            <source>Put back in service</source>
            <translation>恢复服务</translation>
        </message>
        <message>
            <source>Today's journal</source>
            <translation>当日流水</translation>
        </message>
        <message>
            <source>Reprint</source>
            <translation>补打</translation>
        </message>
        <message>
            <source>Day-end reconciliation</source>
            <translation>日终对账</translation>
        </message>
        <message>
            <source>Reset / reconnect</source>
            <translation>复位 / 重连</translation>
        </message>
        <message>
            <source>Export logs</source>
            <translation>导出日志</translation>
        </message>
        <message>
            <source>View configuration</source>
            <translation>查看配置</translation>
        </message>
        <message>
            <source>Operator</source>
            <translation>操作员</translation>
        </message>
        <message>
            <source>Supervisor</source>
            <translation>主管</translation>
        </message>
        <message>
            <source>Technician</source>
            <translation>技术员</translation>
        </message>
        <message>
            <source>Receipt printer</source>
            <translation>凭条打印机</translation>
        </message>
        <message>
            <source>QR scanner</source>
            <translation>扫码器</translation>
        </message>
        <message>
            <source>Payment module</source>
            <translation>支付模块</translation>
        </message>
        <message>
            <source>IC card reader</source>
            <translation>IC读卡器</translation>
        </message>
        <message>
            <source>Door and switch sensors</source>
            <translation>柜门与开关传感器</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>在线</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>离线</translation>
        </message>
        <message>
            <source>Powered off</source>
            <translation>已断电</translation>
        </message>
        <message>
            <source>Not connected</source>
            <translation>未连接</translation>
        </message>
        <message>
            <source>Hardware error</source>
            <translation>硬件故障</translation>
        </message>
        <message>
            <source>Needs attention</source>
            <translation>需要处理</translation>
        </message>
        <message>
            <source>Busy</source>
            <translation>忙</translation>
        </message>
        <message>
            <source>Paper</source>
            <translation>纸张</translation>
        </message>
        <message>
            <source>Cover</source>
            <translation>机盖</translation>
        </message>
        <message>
            <source>Scanner</source>
            <translation>扫码头</translation>
        </message>
        <message>
            <source>Card in slot</source>
            <translation>卡槽</translation>
        </message>
        <message>
            <source>Chip</source>
            <translation>芯片</translation>
        </message>
        <message>
            <source>In a sale</source>
            <translation>交易中</translation>
        </message>
        <message>
            <source>Door</source>
            <translation>柜门</translation>
        </message>
        <message>
            <source>Key switch</source>
            <translation>钥匙开关</translation>
        </message>
        <message>
            <source>full</source>
            <translation>充足</translation>
        </message>
        <message>
            <source>low</source>
            <translation>将尽</translation>
        </message>
        <message>
            <source>out</source>
            <translation>缺纸</translation>
        </message>
        <message>
            <source>jammed</source>
            <translation>卡纸/卡住</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <source>closed</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>on</source>
            <translation>开启</translation>
        </message>
        <message>
            <source>off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>inoperative</source>
            <translation>不可用</translation>
        </message>
        <message>
            <source>present</source>
            <translation>有卡</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>moving</source>
            <translation>进出中</translation>
        </message>
        <message>
            <source>held</source>
            <translation>锁定</translation>
        </message>
        <message>
            <source>retained</source>
            <translation>已吞卡</translation>
        </message>
        <message>
            <source>powered</source>
            <translation>已上电</translation>
        </message>
        <message>
            <source>powered off</source>
            <translation>未上电</translation>
        </message>
        <message>
            <source>no card</source>
            <translation>无卡</translation>
        </message>
        <message>
            <source>run</source>
            <translation>运行</translation>
        </message>
        <message>
            <source>maintenance</source>
            <translation>维护</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>no</source>
            <translation>否</translation>
        </message>
        <message>
            <source>{field}: {value}</source>
            <translation>{field}：{value}</translation>
        </message>
        <message>
            <source>receipts since refill {n}</source>
            <translation>换纸后已打印 {n} 张</translation>
        </message>
        <message>
            <source>a roll prints ~{n} receipts</source>
            <translation>整卷约可打印 {n} 张</translation>
        </message>
        <message>
            <source>lines since refill {n}</source>
            <translation>换纸后已打印 {n} 行</translation>
        </message>
        <message>
            <source>paper ~{n} %</source>
            <translation>剩余纸量约 {n}%</translation>
        </message>
        <message>
            <source>transactions today {n}</source>
            <translation>今日交易 {n} 笔</translation>
        </message>
        <message>
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <source>Paid</source>
            <translation>已支付</translation>
        </message>
        <message>
            <source>Not paid</source>
            <translation>未支付</translation>
        </message>
        <message>
            <source>Manual review</source>
            <translation>待人工处理</translation>
        </message>
        <message>
            <source>Unfinished</source>
            <translation>未完成</translation>
        </message>
        <message>
            <source>draft</source>
            <translation>草稿</translation>
        </message>
        <message>
            <source>started</source>
            <translation>已发起</translation>
        </message>
        <message>
            <source>awaiting result</source>
            <translation>等待结果</translation>
        </message>
        <message>
            <source>paid</source>
            <translation>已支付</translation>
        </message>
        <message>
            <source>posted</source>
            <translation>已入账</translation>
        </message>
        <message>
            <source>completed</source>
            <translation>已完成</translation>
        </message>
        <message>
            <source>declined</source>
            <translation>被拒绝</translation>
        </message>
        <message>
            <source>reversed</source>
            <translation>已冲正</translation>
        </message>
        <message>
            <source>refunded</source>
            <translation>已退款</translation>
        </message>
        <message>
            <source>manual review</source>
            <translation>待人工处理</translation>
        </message>
        <message>
            <source>paid, card not written</source>
            <translation>已付款，未写卡</translation>
        </message>
        <message>
            <source>written to card</source>
            <translation>已写卡</translation>
        </message>
        <message>
            <source>WeChat code</source>
            <translation>微信付款码</translation>
        </message>
        <message>
            <source>Alipay code</source>
            <translation>支付宝付款码</translation>
        </message>
        <message>
            <source>WeChat QR</source>
            <translation>微信扫码</translation>
        </message>
        <message>
            <source>Alipay QR</source>
            <translation>支付宝扫码</translation>
        </message>
        <message>
            <source>Bank card</source>
            <translation>银行卡</translation>
        </message>
        <message>
            <source>bill</source>
            <translation>缴费</translation>
        </message>
        <message>
            <source>top-up</source>
            <translation>预存</translation>
        </message>
        <message>
            <source>card meter</source>
            <translation>购电</translation>
        </message>
        <message>
            <source>missing in back office</source>
            <translation>后台无记录</translation>
        </message>
        <message>
            <source>missing in journal</source>
            <translation>本机无记录</translation>
        </message>
        <message>
            <source>amounts differ</source>
            <translation>金额不符</translation>
        </message>
        <message>
            <source>states differ</source>
            <translation>状态不符</translation>
        </message>
    </context>
    <context>
        <name>StaffBar</name>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Exit maintenance</source>
            <translation>退出维护</translation>
        </message>
        <message>
            <source>Maintenance mode</source>
            <translation>维护模式</translation>
        </message>
    </context>
    <context>
        <name>StaffConfigScreen</name>
        <message>
            <source>Configuration (read only)</source>
            <translation>配置（只读）</translation>
        </message>
    </context>
    <context>
        <name>StaffConfirmScreen</name>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>No</source>
            <translation>否</translation>
        </message>
    </context>
    <context>
        <name>StaffDashboardScreen</name>
        <message>
            <source>Terminal status</source>
            <translation>终端状态</translation>
        </message>
        <message>
            <source>Devices</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>In service</source>
            <translation>服务中</translation>
        </message>
        <message>
            <source>Out of service</source>
            <translation>暂停服务</translation>
        </message>
        <message>
            <source>Today: {count} transactions, {amount} paid</source>
            <translation>今日：{count} 笔交易，已收 {amount}</translation>
        </message>
        <message>
            <source>Manual review: {count}</source>
            <translation>待人工处理：{count}</translation>
        </message>
        <message>
            <source>Events waiting to be sent: {count}</source>
            <translation>待上送事件：{count}</translation>
        </message>
    </context>
    <context>
        <name>StaffJournalScreen</name>
        <message>
            <source>Selected: {reference}, {amount}, {state}</source>
            <translation>已选：{reference}，{amount}，{state}</translation>
        </message>
        <message>
            <source>What to do: {advice}</source>
            <translation>处理办法：{advice}</translation>
        </message>
        <message>
            <source>Reprint the receipt</source>
            <translation>补打凭条</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>参考号</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>方式</translation>
        </message>
        <message>
            <source>For</source>
            <translation>用途</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金额</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>户号</translation>
        </message>
        <message>
            <source>Card</source>
            <translation>卡号</translation>
        </message>
        <message>
            <source>Journal of {day}</source>
            <translation>{day} 流水</translation>
        </message>
        <message>
            <source>Journal</source>
            <translation>流水</translation>
        </message>
        <message>
            <source>{count} transactions · {amount} paid</source>
            <translation>{count} 笔交易 · 已收 {amount}</translation>
        </message>
        <message>
            <source>No transactions for this filter.</source>
            <translation>没有符合条件的交易。</translation>
        </message>
    </context>
    <context>
        <name>StaffLoginScreen</name>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
        <message>
            <source>Staff login</source>
            <translation>员工登录</translation>
        </message>
        <message>
            <source>Enter your staff ID</source>
            <translation>请输入工号</translation>
        </message>
        <message>
            <source>Staff ID</source>
            <translation>工号</translation>
        </message>
        <message>
            <source>{who}: enter your PIN again to go on</source>
            <translation>{who}：请再次输入密码以继续</translation>
        </message>
        <message>
            <source>Card of {who}: enter your PIN</source>
            <translation>{who} 的工作卡：请输入密码</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Staff ID {id}: enter your PIN</source>
            <translation>工号 {id}：请输入密码</translation>
        </message>
    </context>
    <context>
        <name>StaffReconcileScreen</name>
        <message>
            <source>Totals by method</source>
            <translation>按支付方式汇总</translation>
        </message>
        <message>
            <source>Transactions that differ</source>
            <translation>差异交易</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>方式</translation>
        </message>
        <message>
            <source>Terminal (count)</source>
            <translation>本机（笔）</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>本机</translation>
        </message>
        <message>
            <source>Back office (count)</source>
            <translation>后台（笔）</translation>
        </message>
        <message>
            <source>Back office</source>
            <translation>后台</translation>
        </message>
        <message>
            <source>Match</source>
            <translation>核对</translation>
        </message>
        <message>
            <source>Order no.</source>
            <translation>订单号</translation>
        </message>
        <message>
            <source>Difference</source>
            <translation>差异</translation>
        </message>
        <message>
            <source>Day-end reconciliation {day}</source>
            <translation>{day} 日终对账</translation>
        </message>
        <message>
            <source>{count} differences</source>
            <translation>{count} 笔差异</translation>
        </message>
        <message>
            <source>Balanced: both sides agree</source>
            <translation>平账：双方一致</translation>
        </message>
        <message>
            <source>Print again</source>
            <translation>再次打印</translation>
        </message>
        <message>
            <source>Print the report</source>
            <translation>打印对账单</translation>
        </message>
        <message>
            <source>Send again</source>
            <translation>再次上送</translation>
        </message>
        <message>
            <source>Sent to the back office: report {report_id}</source>
            <translation>已上送后台：报告编号 {report_id}</translation>
        </message>
        <message>
            <source>Send to back office</source>
            <translation>上送后台</translation>
        </message>
        <message>
            <source>differs</source>
            <translation>不符</translation>
        </message>
        <message>
            <source>matches</source>
            <translation>一致</translation>
        </message>
    </context>
    <context>
        <name>StaffResultScreen</name>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
        <message>
            <source>Passed</source>
            <translation>通过</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>失败</translation>
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
    <context>
        <name>_DeviceCard</name>
        <message>
            <source>{state}, not offered</source>
            <translation>{state}，暂停对客户提供</translation>
        </message>
        <message>
            <source>Last error: {error}{when}</source>
            <translation>最近错误：{error}{when}</translation>
        </message>
    </context>
    <context>
        <name>VideoConsentScreen</name>
        <message>
            <source>Talk to a teller by video</source>
            <translation>与柜员视频通话</translation>
        </message>
        <message>
            <source>• A teller of the service hall will see and hear you.</source>
            <translation>• 营业厅柜员将能看到并听到您。</translation>
        </message>
        <message>
            <source>• The teller may ask you to show your ID card or documents.</source>
            <translation>• 柜员可能请您出示身份证或相关证件。</translation>
        </message>
        <message>
            <source>• You can end the call at any time.</source>
            <translation>• 您可以随时结束通话。</translation>
        </message>
        <message>
            <source>The call is recorded. Recordings are kept for {days} days.</source>
            <translation>通话将被录音录像，录像保存 {days} 天。</translation>
        </message>
        <message>
            <source>I agree, start the call</source>
            <translation>同意，开始通话</translation>
        </message>
        <message>
            <source>No, thank you</source>
            <translation>不用了，谢谢</translation>
        </message>
    </context>
    <context>
        <name>VideoWaitingScreen</name>
        <message>
            <source>Connecting you to a teller…</source>
            <translation>正在为您接通柜员…</translation>
        </message>
        <message>
            <source>Please stay in front of the screen. You can cancel at any time.</source>
            <translation>请留在屏幕前，您可以随时取消。</translation>
        </message>
        <message>
            <source>You are next</source>
            <translation>下一位就是您</translation>
        </message>
        <message>
            <source>Position {position} in the queue</source>
            <translation>您排在第 {position} 位</translation>
        </message>
        <message>
            <source>About {minutes} min</source>
            <translation>预计等待约 {minutes} 分钟</translation>
        </message>
    </context>
    <context>
        <name>VideoCallScreen</name>
        <message>
            <source>Teller</source>
            <translation>柜员</translation>
        </message>
        <message>
            <source>Talking to {name}</source>
            <translation>正在与{name}通话</translation>
        </message>
        <message>
            <source>The video has stopped. You can still talk to the teller (audio only).</source>
            <translation>视频已中断，您仍可与柜员语音通话。</translation>
        </message>
        <message>
            <source>Audio only</source>
            <translation>仅语音</translation>
        </message>
        <message>
            <source>Connecting the video…</source>
            <translation>正在连接视频…</translation>
        </message>
        <message>
            <source>Your camera</source>
            <translation>您的画面</translation>
        </message>
        <message>
            <source>End call</source>
            <translation>结束通话</translation>
        </message>
        <message>
            <source>Mute</source>
            <translation>静音</translation>
        </message>
        <message>
            <source>Unmute</source>
            <translation>取消静音</translation>
        </message>
    </context>
    <context>
        <name>CallbackPhoneScreen</name>
        <message>
            <source>Call me back</source>
            <translation>请回电</translation>
        </message>
        <message>
            <source>A teller will call you back</source>
            <translation>柜员将给您回电</translation>
        </message>
        <message>
            <source>Enter your mobile number. Press Back if you do not want to be called.</source>
            <translation>请输入您的手机号码。如不需要回电，请按返回。</translation>
        </message>
        <message>
            <source>Mobile number</source>
            <translation>手机号码</translation>
        </message>
    </context>
    <context>
        <name>Signature</name>
        <message>
            <source>Signature pad</source>
            <translation>签名板</translation>
        </message>
        <message>
            <source>Sign here with your finger</source>
            <translation>请用手指在此签名</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清除</translation>
        </message>
        <message>
            <source>Clear the signature</source>
            <translation>清除签名</translation>
        </message>
    </context>
    <context>
        <name>CallStrip</name>
        <message>
            <source>Call time {time}</source>
            <translation>通话时长 {time}</translation>
        </message>
        <message>
            <source>End call</source>
            <translation>结束通话</translation>
        </message>
        <message>
            <source>End the video call</source>
            <translation>结束视频通话</translation>
        </message>
        <message>
            <source>In a call with {name}</source>
            <translation>正在与{name}通话</translation>
        </message>
        <message>
            <source>Teller</source>
            <translation>柜员</translation>
        </message>
        <message>
            <source>The teller's video</source>
            <translation>柜员的视频</translation>
        </message>
        <message>
            <source>{name} (audio only)</source>
            <translation>{name}（仅语音）</translation>
        </message>
    </context>
    <context>
        <name>DocumentPhotoScreen</name>
        <message>
            <source>Decline</source>
            <translation>拒绝</translation>
        </message>
        <message>
            <source>Hold your {document} to the camera</source>
            <translation>请将您的{document}对准摄像头</translation>
        </message>
        <message>
            <source>Is the photo clear?</source>
            <translation>照片清晰吗？</translation>
        </message>
        <message>
            <source>Keep it inside the frame, flat and still, then press Take photo.</source>
            <translation>请将证件放在框内，保持平整不动，然后点击“拍照”。</translation>
        </message>
        <message>
            <source>Press Send to give it to the teller, or Retake to take it again.</source>
            <translation>点击“发送”交给柜员，或点击“重拍”重新拍摄。</translation>
        </message>
        <message>
            <source>Retake</source>
            <translation>重拍</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>发送</translation>
        </message>
        <message>
            <source>Take photo</source>
            <translation>拍照</translation>
        </message>
        <message>
            <source>The camera has no picture yet. Please wait a moment and try again.</source>
            <translation>摄像头暂时没有画面，请稍候再试。</translation>
        </message>
        <message>
            <source>The photo taken</source>
            <translation>拍好的照片</translation>
        </message>
        <message>
            <source>Your camera</source>
            <translation>您的画面</translation>
        </message>
    </context>
    <context>
        <name>TellerAccountScreen</name>
        <message>
            <source>Back to the call</source>
            <translation>返回通话</translation>
        </message>
        <message>
            <source>The teller sees this summary too.</source>
            <translation>柜员也能看到这些信息。</translation>
        </message>
    </context>
    <context>
        <name>TellerFormScreen</name>
        <message>
            <source>Change {field}</source>
            <translation>修改{field}</translation>
        </message>
        <message>
            <source>Decline</source>
            <translation>拒绝</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Sign below with your finger</source>
            <translation>请用手指在下方签名</translation>
        </message>
        <message>
            <source>Submit</source>
            <translation>提交</translation>
        </message>
        <message>
            <source>Submit the signed form to the teller</source>
            <translation>将签好的表单提交给柜员</translation>
        </message>
        <message>
            <source>Tap to correct it</source>
            <translation>点击可修改</translation>
        </message>
        <message>
            <source>To change it, tell the teller</source>
            <translation>如需修改，请告诉柜员</translation>
        </message>
        <message>
            <source>Type the new value</source>
            <translation>输入新的内容</translation>
        </message>
    </context>
    <context>
        <name>TellerRequestScreen</name>
        <message>
            <source>Allow</source>
            <translation>允许</translation>
        </message>
        <message>
            <source>Allow the teller's request</source>
            <translation>允许柜员的请求</translation>
        </message>
        <message>
            <source>Decline</source>
            <translation>拒绝</translation>
        </message>
        <message>
            <source>Decline the teller's request</source>
            <translation>拒绝柜员的请求</translation>
        </message>
        <message>
            <source>Nothing happens unless you allow it. You can decline and keep talking.</source>
            <translation>未经您允许，柜员不能进行任何操作。您可以拒绝并继续通话。</translation>
        </message>
        <message>
            <source>The teller asks to:</source>
            <translation>柜员请求：</translation>
        </message>
        <message>
            <source>{name} asks to:</source>
            <translation>{name}请求：</translation>
        </message>
    </context>
    <context>
        <name>TellerText</name>
        <message>
            <source>Account number</source>
            <translation>户号</translation>
        </message>
        <message>
            <source>Change of contact phone</source>
            <translation>变更联系电话</translation>
        </message>
        <message>
            <source>Contact name</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>ID card</source>
            <translation>身份证</translation>
        </message>
        <message>
            <source>New contact phone</source>
            <translation>新联系电话</translation>
        </message>
        <message>
            <source>buying electricity</source>
            <translation>购电</translation>
        </message>
        <message>
            <source>end the call and continue with {service}</source>
            <translation>结束通话并继续办理{service}</translation>
        </message>
        <message>
            <source>have you fill in and sign “{form}”</source>
            <translation>请您填写并签署《{form}》</translation>
        </message>
        <message>
            <source>household register</source>
            <translation>户口簿</translation>
        </message>
        <message>
            <source>open your account summary</source>
            <translation>查看您的账户信息</translation>
        </message>
        <message>
            <source>other document</source>
            <translation>其他证件</translation>
        </message>
        <message>
            <source>paying your electricity bill</source>
            <translation>交电费</translation>
        </message>
        <message>
            <source>print “{title}” for you</source>
            <translation>为您打印《{title}》</translation>
        </message>
        <message>
            <source>property ownership certificate</source>
            <translation>房产证</translation>
        </message>
        <message>
            <source>reprinting a receipt</source>
            <translation>补打凭条</translation>
        </message>
        <message>
            <source>take a photo of your {document} with the camera</source>
            <translation>用摄像头拍摄您的{document}</translation>
        </message>
    </context>
</TS>
