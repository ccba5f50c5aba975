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
            <source>Pay your electricity bill with WeChat Pay or Alipay, 24 hours a day</source>
            <translation>微信支付、支付宝缴纳电费，24 小时服务</translation>
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
            <source>Notices</source>
            <translation>公告</translation>
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
            <source>Something went wrong</source>
            <translation>操作未能完成</translation>
        </message>
        <message>
            <source>Please try again, or ask at the staffed counter.</source>
            <translation>请重试，或咨询人工柜台。</translation>
        </message>
        <message>
            <source>WeChat Pay</source>
            <translation>微信支付</translation>
        </message>
        <message>
            <source>Alipay</source>
            <translation>支付宝</translation>
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
</TS>
