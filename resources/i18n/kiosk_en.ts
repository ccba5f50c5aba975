<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>AccountScreen</name>
        <message>
            <source>Continue to payment</source>
            <translation>Continue to payment</translation>
        </message>
        <message>
            <source>There is nothing to pay on this account.</source>
            <translation>There is nothing to pay on this account.</translation>
        </message>
    </context>
    <context>
        <name>AccountSummary</name>
        <message>
            <source>Account number</source>
            <translation>Account number</translation>
        </message>
        <message>
            <source>Account type</source>
            <translation>Account type</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Amount</translation>
        </message>
        <message>
            <source>Amount due</source>
            <translation>Amount due</translation>
        </message>
        <message>
            <source>Balance</source>
            <translation>Balance</translation>
        </message>
        <message>
            <source>Latest bill by tier ({period})</source>
            <translation>Latest bill by tier ({period})</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>Month</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Price per kWh</source>
            <translation>Price per kWh</translation>
        </message>
        <message>
            <source>Recent bills</source>
            <translation>Recent bills</translation>
        </message>
        <message>
            <source>Retail company</source>
            <translation>Retail company</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Tariff</source>
            <translation>Tariff</translation>
        </message>
        <message>
            <source>Tier</source>
            <translation>Tier</translation>
        </message>
        <message>
            <source>Tier {n}</source>
            <translation>Tier {n}</translation>
        </message>
        <message>
            <source>Usage (kWh)</source>
            <translation>Usage (kWh)</translation>
        </message>
        <message>
            <source>Your account</source>
            <translation>Your account</translation>
        </message>
    </context>
    <context>
        <name>AmountScreen</name>
        <message>
            <source>Pay</source>
            <translation>Pay</translation>
        </message>
        <message>
            <source>How much would you like to pay?</source>
            <translation>How much would you like to pay?</translation>
        </message>
        <message>
            <source>Choose an amount or type it in yuan.</source>
            <translation>Choose an amount or type it in yuan.</translation>
        </message>
        <message>
            <source>Amount to pay</source>
            <translation>Amount to pay</translation>
        </message>
        <message>
            <source>The full amount due is paid in one payment.</source>
            <translation>The full amount due is paid in one payment.</translation>
        </message>
        <message>
            <source>Amount due</source>
            <translation>Amount due</translation>
        </message>
        <message>
            <source>Amount in yuan</source>
            <translation>Amount in yuan</translation>
        </message>
        <message>
            <source>You can pay from {min} to {max}.</source>
            <translation>You can pay from {min} to {max}.</translation>
        </message>
        <message>
            <source>Pay {amount}</source>
            <translation>Pay {amount}</translation>
        </message>
    </context>
    <context>
        <name>CodeScreen</name>
        <message>
            <source>Show your {provider} payment code</source>
            <translation>Show your {provider} payment code</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Amount</translation>
        </message>
        <message>
            <source>Open {provider} on your phone, choose Pay, and hold the payment code 10–20 cm under the scanner window until you hear a beep.</source>
            <translation>Open {provider} on your phone, choose Pay, and hold the payment code 10–20 cm under the scanner window until you hear a beep.</translation>
        </message>
    </context>
    <context>
        <name>Footer</name>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Talk to a teller by video</source>
            <translation>Talk to a teller by video</translation>
        </message>
        <message>
            <source>Video teller</source>
            <translation>Video teller</translation>
        </message>
    </context>
    <context>
        <name>Header</name>
        <message>
            <source>Are you still there? This session ends in {seconds} s.</source>
            <translation>Are you still there? This session ends in {seconds} s.</translation>
        </message>
        <message>
            <source>More time</source>
            <translation>More time</translation>
        </message>
    </context>
    <context>
        <name>IdentifyScreen</name>
        <message>
            <source>Continue</source>
            <translation>Continue</translation>
        </message>
        <message>
            <source>Enter your account number</source>
            <translation>Enter your account number</translation>
        </message>
        <message>
            <source>The 10-digit number is printed at the top of your electricity bill.</source>
            <translation>The 10-digit number is printed at the top of your electricity bill.</translation>
        </message>
        <message>
            <source>10 digits</source>
            <translation>10 digits</translation>
        </message>
        <message>
            <source>Or scan the barcode or QR code on your paper bill under the scanner.</source>
            <translation>Or scan the barcode or QR code on your paper bill under the scanner.</translation>
        </message>
    </context>
    <context>
        <name>IdleScreen</name>
        <message>
            <source>Please use another terminal or the staffed counter.</source>
            <translation>Please use another terminal or the staffed counter.</translation>
        </message>
        <message>
            <source>Self-service payment</source>
            <translation>Self-service payment</translation>
        </message>
        <message>
            <source>Pay your electricity bill or buy electricity for your card meter, 24 hours a day</source>
            <translation>Pay your electricity bill or buy electricity for your card meter, 24 hours a day</translation>
        </message>
        <message>
            <source>Reprint a receipt</source>
            <translation>Reprint a receipt</translation>
        </message>
        <message>
            <source>Notices</source>
            <translation>Notices</translation>
        </message>
        <message>
            <source>Buy electricity (card meter)</source>
            <translation>Buy electricity (card meter)</translation>
        </message>
        <message>
            <source>Touch to start</source>
            <translation>Touch to start</translation>
        </message>
        <message>
            <source>Payment unavailable</source>
            <translation>Payment unavailable</translation>
        </message>
        <message>
            <source>Payment is unavailable at the moment. Please use the staffed counter.</source>
            <translation>Payment is unavailable at the moment. Please use the staffed counter.</translation>
        </message>
        <message>
            <source>Out of service</source>
            <translation>Out of service</translation>
        </message>
        <message>
            <source>This terminal is temporarily out of service.</source>
            <translation>This terminal is temporarily out of service.</translation>
        </message>
        <message>
            <source>Video teller</source>
            <translation>Video teller</translation>
        </message>
    </context>
    <context>
        <name>Keypad</name>
        <message>
            <source>Delete</source>
            <translation>Delete</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Clear</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
    </context>
    <context>
        <name>Message</name>
        <message>
            <source>{title}. {next_step}</source>
            <translation>{title}. {next_step}</translation>
        </message>
        <message>
            <source>That is not a valid account number</source>
            <translation>That is not a valid account number</translation>
        </message>
        <message>
            <source>Check the 10-digit number on your electricity bill and type it again.</source>
            <translation>Check the 10-digit number on your electricity bill and type it again.</translation>
        </message>
        <message>
            <source>We could not find this account</source>
            <translation>We could not find this account</translation>
        </message>
        <message>
            <source>Check the number on your bill, or ask at the staffed counter.</source>
            <translation>Check the number on your bill, or ask at the staffed counter.</translation>
        </message>
        <message>
            <source>This code is not one of our electricity bills</source>
            <translation>This code is not one of our electricity bills</translation>
        </message>
        <message>
            <source>Scan the code printed on your electricity bill, or type the number.</source>
            <translation>Scan the code printed on your electricity bill, or type the number.</translation>
        </message>
        <message>
            <source>There is nothing to pay on this account</source>
            <translation>There is nothing to pay on this account</translation>
        </message>
        <message>
            <source>Your bills are paid. No action is needed.</source>
            <translation>Your bills are paid. No action is needed.</translation>
        </message>
        <message>
            <source>The amount must be between {min} and {max}</source>
            <translation>The amount must be between {min} and {max}</translation>
        </message>
        <message>
            <source>Enter an amount within these limits.</source>
            <translation>Enter an amount within these limits.</translation>
        </message>
        <message>
            <source>You chose {expected}, but this code is from {scanned}</source>
            <translation>You chose {expected}, but this code is from {scanned}</translation>
        </message>
        <message>
            <source>Show your {expected} payment code, or go back and choose {scanned}.</source>
            <translation>Show your {expected} payment code, or go back and choose {scanned}.</translation>
        </message>
        <message>
            <source>This is not a payment code</source>
            <translation>This is not a payment code</translation>
        </message>
        <message>
            <source>Open the Pay page in your app and show the payment code to the scanner.</source>
            <translation>Open the Pay page in your app and show the payment code to the scanner.</translation>
        </message>
        <message>
            <source>This payment code has expired</source>
            <translation>This payment code has expired</translation>
        </message>
        <message>
            <source>Refresh the payment code in your app and show it again.</source>
            <translation>Refresh the payment code in your app and show it again.</translation>
        </message>
        <message>
            <source>The payment was declined: {reason}</source>
            <translation>The payment was declined: {reason}</translation>
        </message>
        <message>
            <source>No money was taken. Try another payment method or account.</source>
            <translation>No money was taken. Try another payment method or account.</translation>
        </message>
        <message>
            <source>The payment was not confirmed in time and has been cancelled</source>
            <translation>The payment was not confirmed in time and has been cancelled</translation>
        </message>
        <message>
            <source>No money was taken. You can try again.</source>
            <translation>No money was taken. You can try again.</translation>
        </message>
        <message>
            <source>We could not confirm your payment yet</source>
            <translation>We could not confirm your payment yet</translation>
        </message>
        <message>
            <source>Staff will check it and you will not be charged twice. Keep this reference: {reference}</source>
            <translation>Staff will check it and you will not be charged twice. Keep this reference: {reference}</translation>
        </message>
        <message>
            <source>Payment services are temporarily unavailable</source>
            <translation>Payment services are temporarily unavailable</translation>
        </message>
        <message>
            <source>Please try again later or use the staffed counter.</source>
            <translation>Please try again later or use the staffed counter.</translation>
        </message>
        <message>
            <source>The code scanner is out of order</source>
            <translation>The code scanner is out of order</translation>
        </message>
        <message>
            <source>You can still look up your account on the keypad. To pay, please use another terminal or the counter.</source>
            <translation>You can still look up your account on the keypad. To pay, please use another terminal or the counter.</translation>
        </message>
        <message>
            <source>Payment codes cannot be read. Please use another terminal or the counter.</source>
            <translation>Payment codes cannot be read. Please use another terminal or the counter.</translation>
        </message>
        <message>
            <source>Your payment is complete, but the receipt could not be printed</source>
            <translation>Your payment is complete, but the receipt could not be printed</translation>
        </message>
        <message>
            <source>Reprint it later on this terminal with reference {reference}.</source>
            <translation>Reprint it later on this terminal with reference {reference}.</translation>
        </message>
        <message>
            <source>No payment was found with this reference</source>
            <translation>No payment was found with this reference</translation>
        </message>
        <message>
            <source>Check the reference on the payment screen or your app, and type it again.</source>
            <translation>Check the reference on the payment screen or your app, and type it again.</translation>
        </message>
        <message>
            <source>Sorry, something went wrong on this terminal</source>
            <translation>Sorry, something went wrong on this terminal</translation>
        </message>
        <message>
            <source>A payment under way is checked automatically and never charged twice. Please start again, or ask at the staffed counter.</source>
            <translation>A payment under way is checked automatically and never charged twice. Please start again, or ask at the staffed counter.</translation>
        </message>
        <message>
            <source>Your receipt has been printed</source>
            <translation>Your receipt has been printed</translation>
        </message>
        <message>
            <source>Please take your receipt from the slot below.</source>
            <translation>Please take your receipt from the slot below.</translation>
        </message>
        <message>
            <source>Your card was declined: {reason}</source>
            <translation>Your card was declined: {reason}</translation>
        </message>
        <message>
            <source>No money was taken. Take your card and try another card or method.</source>
            <translation>No money was taken. Take your card and try another card or method.</translation>
        </message>
        <message>
            <source>The card payment was cancelled</source>
            <translation>The card payment was cancelled</translation>
        </message>
        <message>
            <source>No money was taken. You can try again or choose another method.</source>
            <translation>No money was taken. You can try again or choose another method.</translation>
        </message>
        <message>
            <source>The bank did not confirm the payment in time, so it was cancelled</source>
            <translation>The bank did not confirm the payment in time, so it was cancelled</translation>
        </message>
        <message>
            <source>No money was taken; if your bank shows a charge, it will be returned automatically. You can try again.</source>
            <translation>No money was taken; if your bank shows a charge, it will be returned automatically. You can try again.</translation>
        </message>
        <message>
            <source>We could not confirm your card payment yet</source>
            <translation>We could not confirm your card payment yet</translation>
        </message>
        <message>
            <source>Staff will check it; any money taken will be returned and you will not be charged twice. Keep this reference: {reference}</source>
            <translation>Staff will check it; any money taken will be returned and you will not be charged twice. Keep this reference: {reference}</translation>
        </message>
        <message>
            <source>Bank card payment is out of order</source>
            <translation>Bank card payment is out of order</translation>
        </message>
        <message>
            <source>Please choose another payment method, or use the staffed counter.</source>
            <translation>Please choose another payment method, or use the staffed counter.</translation>
        </message>
        <message>
            <source>Your card was left in the slot and kept safe</source>
            <translation>Your card was left in the slot and kept safe</translation>
        </message>
        <message>
            <source>Collect it at the staffed counter with your ID and reference {reference}.</source>
            <translation>Collect it at the staffed counter with your ID and reference {reference}.</translation>
        </message>
        <message>
            <source>The QR code was not paid in time</source>
            <translation>The QR code was not paid in time</translation>
        </message>
        <message>
            <source>The order was closed and no money was taken. You can start again.</source>
            <translation>The order was closed and no money was taken. You can start again.</translation>
        </message>
        <message>
            <source>The card cannot be read</source>
            <translation>The card cannot be read</translation>
        </message>
        <message>
            <source>Insert it chip first with the chip facing up. If it still fails, the card may be damaged: please go to the staffed counter.</source>
            <translation>Insert it chip first with the chip facing up. If it still fails, the card may be damaged: please go to the staffed counter.</translation>
        </message>
        <message>
            <source>This card has not been issued yet</source>
            <translation>This card has not been issued yet</translation>
        </message>
        <message>
            <source>A new card is issued at the staffed counter. Please go there.</source>
            <translation>A new card is issued at the staffed counter. Please go there.</translation>
        </message>
        <message>
            <source>This card belongs to another power utility</source>
            <translation>This card belongs to another power utility</translation>
        </message>
        <message>
            <source>Please buy electricity from the utility that issued the card.</source>
            <translation>Please buy electricity from the utility that issued the card.</translation>
        </message>
        <message>
            <source>This meter type cannot be served here</source>
            <translation>This meter type cannot be served here</translation>
        </message>
        <message>
            <source>Please buy electricity at the staffed counter.</source>
            <translation>Please buy electricity at the staffed counter.</translation>
        </message>
        <message>
            <source>We could not find this card's meter</source>
            <translation>We could not find this card's meter</translation>
        </message>
        <message>
            <source>Please ask at the staffed counter to check the card.</source>
            <translation>Please ask at the staffed counter to check the card.</translation>
        </message>
        <message>
            <source>Your last purchase has not been loaded into the meter yet</source>
            <translation>Your last purchase has not been loaded into the meter yet</translation>
        </message>
        <message>
            <source>Insert the card into your meter first, then come back to buy more.</source>
            <translation>Insert the card into your meter first, then come back to buy more.</translation>
        </message>
        <message>
            <source>The card refused the purchase record</source>
            <translation>The card refused the purchase record</translation>
        </message>
        <message>
            <source>Your payment is safe and will be written later. Please go to the staffed counter with reference {reference}.</source>
            <translation>Your payment is safe and will be written later. Please go to the staffed counter with reference {reference}.</translation>
        </message>
        <message>
            <source>The card's purchase count does not match our records</source>
            <translation>The card's purchase count does not match our records</translation>
        </message>
        <message>
            <source>Your payment is safe. Staff will correct the card: please go to the staffed counter with reference {reference}.</source>
            <translation>Your payment is safe. Staff will correct the card: please go to the staffed counter with reference {reference}.</translation>
        </message>
        <message>
            <source>The card was removed before the purchase was written</source>
            <translation>The card was removed before the purchase was written</translation>
        </message>
        <message>
            <source>Your payment is safe. Insert the card again on any terminal and the purchase will be written to it.</source>
            <translation>Your payment is safe. Insert the card again on any terminal and the purchase will be written to it.</translation>
        </message>
        <message>
            <source>Your purchase is paid but could not be written to the card</source>
            <translation>Your purchase is paid but could not be written to the card</translation>
        </message>
        <message>
            <source>Nothing is lost: insert the card again on any terminal and it will be written. You will not be charged twice.</source>
            <translation>Nothing is lost: insert the card again on any terminal and it will be written. You will not be charged twice.</translation>
        </message>
        <message>
            <source>An earlier purchase of {amount} has been written to your card</source>
            <translation>An earlier purchase of {amount} has been written to your card</translation>
        </message>
        <message>
            <source>Insert the card into your meter to load the electricity.</source>
            <translation>Insert the card into your meter to load the electricity.</translation>
        </message>
        <message>
            <source>The meter card reader is out of order</source>
            <translation>The meter card reader is out of order</translation>
        </message>
        <message>
            <source>Please use another terminal or the staffed counter.</source>
            <translation>Please use another terminal or the staffed counter.</translation>
        </message>
        <message>
            <source>Something went wrong</source>
            <translation>Something went wrong</translation>
        </message>
        <message>
            <source>Please try again, or ask at the staffed counter.</source>
            <translation>Please try again, or ask at the staffed counter.</translation>
        </message>
        <message>
            <source>the bank did not approve the payment</source>
            <translation>the bank did not approve the payment</translation>
        </message>
        <message>
            <source>the card number is not valid</source>
            <translation>the card number is not valid</translation>
        </message>
        <message>
            <source>insufficient funds</source>
            <translation>insufficient funds</translation>
        </message>
        <message>
            <source>the card has expired</source>
            <translation>the card has expired</translation>
        </message>
        <message>
            <source>wrong PIN</source>
            <translation>wrong PIN</translation>
        </message>
        <message>
            <source>the amount is over the card's limit</source>
            <translation>the amount is over the card's limit</translation>
        </message>
        <message>
            <source>too many wrong PIN attempts</source>
            <translation>too many wrong PIN attempts</translation>
        </message>
        <message>
            <source>the bank declined the payment (code {code})</source>
            <translation>the bank declined the payment (code {code})</translation>
        </message>
        <message>
            <source>WeChat Pay</source>
            <translation>WeChat Pay</translation>
        </message>
        <message>
            <source>UnionPay card</source>
            <translation>UnionPay card</translation>
        </message>
        <message>
            <source>Alipay</source>
            <translation>Alipay</translation>
        </message>
        <message>
            <source>Show your payment code to the scanner</source>
            <translation>Show your payment code to the scanner</translation>
        </message>
        <message>
            <source>Scan the code on this screen with your phone</source>
            <translation>Scan the code on this screen with your phone</translation>
        </message>
        <message>
            <source>UnionPay bank card</source>
            <translation>UnionPay bank card</translation>
        </message>
        <message>
            <source>Insert your card and enter your PIN</source>
            <translation>Insert your card and enter your PIN</translation>
        </message>
        <message>
            <source>Residential</source>
            <translation>Residential</translation>
        </message>
        <message>
            <source>Prepaid</source>
            <translation>Prepaid</translation>
        </message>
        <message>
            <source>Commercial</source>
            <translation>Commercial</translation>
        </message>
        <message>
            <source>Industrial</source>
            <translation>Industrial</translation>
        </message>
        <message>
            <source>Sending your payment…</source>
            <translation>Sending your payment…</translation>
        </message>
        <message>
            <source>Please wait. Keep your phone ready.</source>
            <translation>Please wait. Keep your phone ready.</translation>
        </message>
        <message>
            <source>Please confirm the payment on your phone</source>
            <translation>Please confirm the payment on your phone</translation>
        </message>
        <message>
            <source>Enter your payment password in the app if it asks for one.</source>
            <translation>Enter your payment password in the app if it asks for one.</translation>
        </message>
        <message>
            <source>Checking the result of your payment…</source>
            <translation>Checking the result of your payment…</translation>
        </message>
        <message>
            <source>This can take up to a minute. Please do not leave.</source>
            <translation>This can take up to a minute. Please do not leave.</translation>
        </message>
        <message>
            <source>Printing your receipt…</source>
            <translation>Printing your receipt…</translation>
        </message>
        <message>
            <source>Your payment is complete. The receipt will come out below.</source>
            <translation>Your payment is complete. The receipt will come out below.</translation>
        </message>
        <message>
            <source>Insert your bank card</source>
            <translation>Insert your bank card</translation>
        </message>
        <message>
            <source>Insert your card into the card slot and enter your PIN on the keypad beside it. This screen never asks for your PIN.</source>
            <translation>Insert your card into the card slot and enter your PIN on the keypad beside it. This screen never asks for your PIN.</translation>
        </message>
        <message>
            <source>Enter your PIN on the keypad</source>
            <translation>Enter your PIN on the keypad</translation>
        </message>
        <message>
            <source>Cover the keypad with your hand, then press the green key.</source>
            <translation>Cover the keypad with your hand, then press the green key.</translation>
        </message>
        <message>
            <source>Contacting your bank…</source>
            <translation>Contacting your bank…</translation>
        </message>
        <message>
            <source>Please wait and leave your card in the slot.</source>
            <translation>Please wait and leave your card in the slot.</translation>
        </message>
        <message>
            <source>Cancelling the unconfirmed payment…</source>
            <translation>Cancelling the unconfirmed payment…</translation>
        </message>
        <message>
            <source>Your bank did not answer in time. No money will be kept.</source>
            <translation>Your bank did not answer in time. No money will be kept.</translation>
        </message>
        <message>
            <source>Preparing your payment QR code…</source>
            <translation>Preparing your payment QR code…</translation>
        </message>
        <message>
            <source>Reading your meter card…</source>
            <translation>Reading your meter card…</translation>
        </message>
        <message>
            <source>Please leave the card in the reader.</source>
            <translation>Please leave the card in the reader.</translation>
        </message>
        <message>
            <source>Writing the purchase to your card…</source>
            <translation>Writing the purchase to your card…</translation>
        </message>
        <message>
            <source>Do not remove your card until you are told to take it.</source>
            <translation>Do not remove your card until you are told to take it.</translation>
        </message>
        <message>
            <source>Unpaid</source>
            <translation>Unpaid</translation>
        </message>
        <message>
            <source>Partly paid</source>
            <translation>Partly paid</translation>
        </message>
        <message>
            <source>Paid</source>
            <translation>Paid</translation>
        </message>
        <message>
            <source>Video tellers are not available right now</source>
            <translation>Video tellers are not available right now</translation>
        </message>
        <message>
            <source>Please try again later, or ask at the staffed counter.</source>
            <translation>Please try again later, or ask at the staffed counter.</translation>
        </message>
        <message>
            <source>All our tellers are busy</source>
            <translation>All our tellers are busy</translation>
        </message>
        <message>
            <source>Leave your mobile number and a teller will call you back.</source>
            <translation>Leave your mobile number and a teller will call you back.</translation>
        </message>
        <message>
            <source>The video call could not be connected</source>
            <translation>The video call could not be connected</translation>
        </message>
        <message>
            <source>The teller has ended the call</source>
            <translation>The teller has ended the call</translation>
        </message>
        <message>
            <source>Thank you. You can start a new call from the home screen.</source>
            <translation>Thank you. You can start a new call from the home screen.</translation>
        </message>
        <message>
            <source>A teller will call you at {phone}</source>
            <translation>A teller will call you at {phone}</translation>
        </message>
        <message>
            <source>Please keep your phone with you. The call comes from our hall.</source>
            <translation>Please keep your phone with you. The call comes from our hall.</translation>
        </message>
        <message>
            <source>That is not a valid mobile number</source>
            <translation>That is not a valid mobile number</translation>
        </message>
        <message>
            <source>Type the 11 digits of your mobile number, starting with 1.</source>
            <translation>Type the 11 digits of your mobile number, starting with 1.</translation>
        </message>
        <message>
            <source>It comes out of the slot below the screen.</source>
            <translation>It comes out of the slot below the screen.</translation>
        </message>
        <message>
            <source>Please check it and correct it.</source>
            <translation>Please check it and correct it.</translation>
        </message>
        <message>
            <source>Please sign the form first</source>
            <translation>Please sign the form first</translation>
        </message>
        <message>
            <source>Please take your printed document</source>
            <translation>Please take your printed document</translation>
        </message>
        <message>
            <source>Please try again, or tell the teller.</source>
            <translation>Please try again, or tell the teller.</translation>
        </message>
        <message>
            <source>Sign in the box with your finger, then press Submit.</source>
            <translation>Sign in the box with your finger, then press Submit.</translation>
        </message>
        <message>
            <source>Printing your document…</source>
            <translation>Printing your document…</translation>
        </message>
        <message>
            <source>Please wait a moment.</source>
            <translation>Please wait a moment.</translation>
        </message>
        <message>
            <source>The document could not be printed</source>
            <translation>The document could not be printed</translation>
        </message>
        <message>
            <source>The teller has been told and will help you another way.</source>
            <translation>The teller has been told and will help you another way.</translation>
        </message>
        <message>
            <source>The teller has been told. You can keep talking to them.</source>
            <translation>The teller has been told. You can keep talking to them.</translation>
        </message>
        <message>
            <source>Your account could not be opened</source>
            <translation>Your account could not be opened</translation>
        </message>
        <message>
            <source>Your document did not reach the teller</source>
            <translation>Your document did not reach the teller</translation>
        </message>
        <message>
            <source>{field} is not right</source>
            <translation>{field} is not right</translation>
        </message>
    </context>
    <context>
        <name>MessageScreen</name>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
    </context>
    <context>
        <name>MethodScreen</name>
        <message>
            <source>How would you like to pay?</source>
            <translation>How would you like to pay?</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Amount</translation>
        </message>
        <message>
            <source>The receipt printer is not available. You can reprint the receipt later.</source>
            <translation>The receipt printer is not available. You can reprint the receipt later.</translation>
        </message>
    </context>
    <context>
        <name>NoReceiptScreen</name>
        <message>
            <source>The receipt printer is not working</source>
            <translation>The receipt printer is not working</translation>
        </message>
        <message>
            <source>You can still pay. After paying, note the reference shown on the screen: with it you can reprint the receipt later on this terminal.</source>
            <translation>You can still pay. After paying, note the reference shown on the screen: with it you can reprint the receipt later on this terminal.</translation>
        </message>
        <message>
            <source>Pay without a receipt</source>
            <translation>Pay without a receipt</translation>
        </message>
        <message>
            <source>Do not pay now</source>
            <translation>Do not pay now</translation>
        </message>
    </context>
    <context>
        <name>OutcomeScreen</name>
        <message>
            <source>This screen closes in {seconds} s.</source>
            <translation>This screen closes in {seconds} s.</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>Payment successful</source>
            <translation>Payment successful</translation>
        </message>
        <message>
            <source>Payment not made</source>
            <translation>Payment not made</translation>
        </message>
        <message>
            <source>Please take your receipt from the slot below.</source>
            <translation>Please take your receipt from the slot below.</translation>
        </message>
        <message>
            <source>No money was taken.</source>
            <translation>No money was taken.</translation>
        </message>
        <message>
            <source>Reference: {reference}</source>
            <translation>Reference: {reference}</translation>
        </message>
    </context>
    <context>
        <name>PrepaidCardScreen</name>
        <message>
            <source>Your meter card</source>
            <translation>Your meter card</translation>
        </message>
        <message>
            <source>Meter number</source>
            <translation>Meter number</translation>
        </message>
        <message>
            <source>Account number</source>
            <translation>Account number</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Credit in the meter</source>
            <translation>Credit in the meter</translation>
        </message>
        <message>
            <source>Recent purchases</source>
            <translation>Recent purchases</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Amount</translation>
        </message>
        <message>
            <source>On the card</source>
            <translation>On the card</translation>
        </message>
        <message>
            <source>No purchases yet.</source>
            <translation>No purchases yet.</translation>
        </message>
        <message>
            <source>Buy electricity</source>
            <translation>Buy electricity</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Unknown</translation>
        </message>
        <message>
            <source>Written</source>
            <translation>Written</translation>
        </message>
        <message>
            <source>Not yet written</source>
            <translation>Not yet written</translation>
        </message>
        <message>
            <source>An earlier purchase of {amount} is paid but not yet on your card. It will be written to your card now.</source>
            <translation>An earlier purchase of {amount} is paid but not yet on your card. It will be written to your card now.</translation>
        </message>
        <message>
            <source>Your last purchase has not been loaded into the meter yet. Insert the card into your meter first, then come back to buy more.</source>
            <translation>Your last purchase has not been loaded into the meter yet. Insert the card into your meter first, then come back to buy more.</translation>
        </message>
    </context>
    <context>
        <name>PrepaidInsertScreen</name>
        <message>
            <source>Insert your meter card</source>
            <translation>Insert your meter card</translation>
        </message>
        <message>
            <source>Buy electricity for your prepaid (card) meter</source>
            <translation>Buy electricity for your prepaid (card) meter</translation>
        </message>
        <message>
            <source>Hold the card with the chip facing up and push it, chip first, into the card reader below the screen. Leave it there until you are told to take it.</source>
            <translation>Hold the card with the chip facing up and push it, chip first, into the card reader below the screen. Leave it there until you are told to take it.</translation>
        </message>
    </context>
    <context>
        <name>QrPayScreen</name>
        <message>
            <source>This code is valid for {time} more</source>
            <translation>This code is valid for {time} more</translation>
        </message>
        <message>
            <source>Scan this code with {provider}</source>
            <translation>Scan this code with {provider}</translation>
        </message>
        <message>
            <source>Open {provider} on your phone, tap Scan, point the camera at this code and confirm the payment on your phone.</source>
            <translation>Open {provider} on your phone, tap Scan, point the camera at this code and confirm the payment on your phone.</translation>
        </message>
    </context>
    <context>
        <name>ReferenceScreen</name>
        <message>
            <source>Reprint</source>
            <translation>Reprint</translation>
        </message>
        <message>
            <source>Reprint a receipt</source>
            <translation>Reprint a receipt</translation>
        </message>
        <message>
            <source>Enter the reference shown on the payment screen or on your receipt.</source>
            <translation>Enter the reference shown on the payment screen or on your receipt.</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>Reference</translation>
        </message>
    </context>
    <context>
        <name>Staff</name>
        <message>
            <source>Unknown staff ID or card</source>
            <translation>Unknown staff ID or card</translation>
        </message>
        <message>
            <source>Check the ID, or ask the hall supervisor to register you.</source>
            <translation>Check the ID, or ask the hall supervisor to register you.</translation>
        </message>
        <message>
            <source>This staff card was not recognised</source>
            <translation>This staff card was not recognised</translation>
        </message>
        <message>
            <source>The card failed its check. Log in with your staff ID and PIN.</source>
            <translation>The card failed its check. Log in with your staff ID and PIN.</translation>
        </message>
        <message>
            <source>Wrong PIN</source>
            <translation>Wrong PIN</translation>
        </message>
        <message>
            <source>{attempts_left} attempts left before the account is locked.</source>
            <translation>{attempts_left} attempts left before the account is locked.</translation>
        </message>
        <message>
            <source>Account locked after too many wrong PINs</source>
            <translation>Account locked after too many wrong PINs</translation>
        </message>
        <message>
            <source>Try again after {until}, or ask the hall supervisor.</source>
            <translation>Try again after {until}, or ask the hall supervisor.</translation>
        </message>
        <message>
            <source>Please confirm it is still you</source>
            <translation>Please confirm it is still you</translation>
        </message>
        <message>
            <source>Enter your PIN again to go on.</source>
            <translation>Enter your PIN again to go on.</translation>
        </message>
        <message>
            <source>Operator switch at maintenance</source>
            <translation>Operator switch at maintenance</translation>
        </message>
        <message>
            <source>Log in to continue, or turn the key back to run.</source>
            <translation>Log in to continue, or turn the key back to run.</translation>
        </message>
        <message>
            <source>Self-test of {device}…</source>
            <translation>Self-test of {device}…</translation>
        </message>
        <message>
            <source>{instruction}</source>
            <translation>{instruction}</translation>
        </message>
        <message>
            <source>Self-test of {device} passed</source>
            <translation>Self-test of {device} passed</translation>
        </message>
        <message>
            <source>{detail}</source>
            <translation>{detail}</translation>
        </message>
        <message>
            <source>Self-test of {device} failed</source>
            <translation>Self-test of {device} failed</translation>
        </message>
        <message>
            <source>{device} was reconnected</source>
            <translation>{device} was reconnected</translation>
        </message>
        <message>
            <source>State now: {state}.</source>
            <translation>State now: {state}.</translation>
        </message>
        <message>
            <source>{device} could not be reconnected</source>
            <translation>{device} could not be reconnected</translation>
        </message>
        <message>
            <source>Paper refill recorded for {device}</source>
            <translation>Paper refill recorded for {device}</translation>
        </message>
        <message>
            <source>The receipt counter starts again from zero.</source>
            <translation>The receipt counter starts again from zero.</translation>
        </message>
        <message>
            <source>Take this terminal out of service?</source>
            <translation>Take this terminal out of service?</translation>
        </message>
        <message>
            <source>Customers will be sent to the next terminal or counter.</source>
            <translation>Customers will be sent to the next terminal or counter.</translation>
        </message>
        <message>
            <source>Put this terminal back in service?</source>
            <translation>Put this terminal back in service?</translation>
        </message>
        <message>
            <source>Customers can use it again as soon as you exit maintenance.</source>
            <translation>Customers can use it again as soon as you exit maintenance.</translation>
        </message>
        <message>
            <source>The terminal is out of service</source>
            <translation>The terminal is out of service</translation>
        </message>
        <message>
            <source>The idle screen shows where customers can go instead.</source>
            <translation>The idle screen shows where customers can go instead.</translation>
        </message>
        <message>
            <source>The terminal is in service</source>
            <translation>The terminal is in service</translation>
        </message>
        <message>
            <source>Customers can use it again after you exit maintenance.</source>
            <translation>Customers can use it again after you exit maintenance.</translation>
        </message>
        <message>
            <source>Receipt {reference} reprinted</source>
            <translation>Receipt {reference} reprinted</translation>
        </message>
        <message>
            <source>Hand the receipt to the customer.</source>
            <translation>Hand the receipt to the customer.</translation>
        </message>
        <message>
            <source>Receipt {reference} could not be reprinted</source>
            <translation>Receipt {reference} could not be reprinted</translation>
        </message>
        <message>
            <source>Reconciling the day…</source>
            <translation>Reconciling the day…</translation>
        </message>
        <message>
            <source>Fetching the back office's settlement and comparing it with the journal.</source>
            <translation>Fetching the back office's settlement and comparing it with the journal.</translation>
        </message>
        <message>
            <source>Reconciliation printed</source>
            <translation>Reconciliation printed</translation>
        </message>
        <message>
            <source>Take the report from the receipt printer.</source>
            <translation>Take the report from the receipt printer.</translation>
        </message>
        <message>
            <source>The reconciliation could not be printed</source>
            <translation>The reconciliation could not be printed</translation>
        </message>
        <message>
            <source>Reconciliation sent to the back office</source>
            <translation>Reconciliation sent to the back office</translation>
        </message>
        <message>
            <source>Report ID {report_id}.</source>
            <translation>Report ID {report_id}.</translation>
        </message>
        <message>
            <source>The reconciliation could not be sent</source>
            <translation>The reconciliation could not be sent</translation>
        </message>
        <message>
            <source>{detail} Try again later; the report is kept.</source>
            <translation>{detail} Try again later; the report is kept.</translation>
        </message>
        <message>
            <source>The back office cannot be reached</source>
            <translation>The back office cannot be reached</translation>
        </message>
        <message>
            <source>The settlement could not be fetched. Try again later.</source>
            <translation>The settlement could not be fetched. Try again later.</translation>
        </message>
        <message>
            <source>Exporting logs and the journal…</source>
            <translation>Exporting logs and the journal…</translation>
        </message>
        <message>
            <source>Do not remove the drive.</source>
            <translation>Do not remove the drive.</translation>
        </message>
        <message>
            <source>Export finished</source>
            <translation>Export finished</translation>
        </message>
        <message>
            <source>{files} files written to {folder}.</source>
            <translation>{files} files written to {folder}.</translation>
        </message>
        <message>
            <source>No removable drive found</source>
            <translation>No removable drive found</translation>
        </message>
        <message>
            <source>Plug a drive in so that it is mounted at {folder}, then try again.</source>
            <translation>Plug a drive in so that it is mounted at {folder}, then try again.</translation>
        </message>
        <message>
            <source>The export failed</source>
            <translation>The export failed</translation>
        </message>
        <message>
            <source>{action} failed</source>
            <translation>{action} failed</translation>
        </message>
        <message>
            <source>{detail} The fault was logged.</source>
            <translation>{detail} The fault was logged.</translation>
        </message>
        <message>
            <source>{action} is not allowed for your role</source>
            <translation>{action} is not allowed for your role</translation>
        </message>
        <message>
            <source>Ask a supervisor or technician.</source>
            <translation>Ask a supervisor or technician.</translation>
        </message>
        <message>
            <source>Please wait.</source>
            <translation>Please wait.</translation>
        </message>
        <message>
            <source>Printing a test receipt. Check that it is complete and readable.</source>
            <translation>Printing a test receipt. Check that it is complete and readable.</translation>
        </message>
        <message>
            <source>Show a QR code or barcode to the scanner.</source>
            <translation>Show a QR code or barcode to the scanner.</translation>
        </message>
        <message>
            <source>Insert a card into the IC card reader.</source>
            <translation>Insert a card into the IC card reader.</translation>
        </message>
        <message>
            <source>Checking that the payment module answers.</source>
            <translation>Checking that the payment module answers.</translation>
        </message>
        <message>
            <source>Reading the door and operator switch sensors.</source>
            <translation>Reading the door and operator switch sensors.</translation>
        </message>
        <message>
            <source>This device has no self-test.</source>
            <translation>This device has no self-test.</translation>
        </message>
        <message>
            <source>The bank card payment could not be reversed. Call the acquirer with the trace number and RRN from the receipt log, and ask them to reverse it.</source>
            <translation>The bank card payment could not be reversed. Call the acquirer with the trace number and RRN from the receipt log, and ask them to reverse it.</translation>
        </message>
        <message>
            <source>The payment code's result is unknown. Look the order number up in the merchant portal: if paid, post it by hand; if not, close it.</source>
            <translation>The payment code's result is unknown. Look the order number up in the merchant portal: if paid, post it by hand; if not, close it.</translation>
        </message>
        <message>
            <source>The on-screen QR order's result is unknown. Look the order number up in the merchant portal: if paid, post it by hand; if not, close it.</source>
            <translation>The on-screen QR order's result is unknown. Look the order number up in the merchant portal: if paid, post it by hand; if not, close it.</translation>
        </message>
        <message>
            <source>Paid, but the meter card refused the purchase. Rewrite it at the counter with the customer's card, or issue a refund.</source>
            <translation>Paid, but the meter card refused the purchase. Rewrite it at the counter with the customer's card, or issue a refund.</translation>
        </message>
        <message>
            <source>Paid, but the back office never booked it. Post the payment by hand in the billing system with this order number.</source>
            <translation>Paid, but the back office never booked it. Post the payment by hand in the billing system with this order number.</translation>
        </message>
        <message>
            <source>Check the order in the merchant portal and the back office.</source>
            <translation>Check the order in the merchant portal and the back office.</translation>
        </message>
        <message>
            <source>Dashboard</source>
            <translation>Dashboard</translation>
        </message>
        <message>
            <source>Self-test</source>
            <translation>Self-test</translation>
        </message>
        <message>
            <source>Paper refilled</source>
            <translation>Paper refilled</translation>
        </message>
        <message>
            <source>Take out of service</source>
            <translation>Take out of service</translation>
        </message>
        <message>
            <source>Put back in service</source>
            <translation>Put back in service</translation>
        </message>
        <message>
            <source>Today's journal</source>
            <translation>Today's journal</translation>
        </message>
        <message>
            <source>Reprint</source>
            <translation>Reprint</translation>
        </message>
        <message>
            <source>Day-end reconciliation</source>
            <translation>Day-end reconciliation</translation>
        </message>
        <message>
            <source>Reset / reconnect</source>
            <translation>Reset / reconnect</translation>
        </message>
        <message>
            <source>Export logs</source>
            <translation>Export logs</translation>
        </message>
        <message>
            <source>View configuration</source>
            <translation>View configuration</translation>
        </message>
        <message>
            <source>Operator</source>
            <translation>Operator</translation>
        </message>
        <message>
            <source>Supervisor</source>
            <translation>Supervisor</translation>
        </message>
        <message>
            <source>Technician</source>
            <translation>Technician</translation>
        </message>
        <message>
            <source>Receipt printer</source>
            <translation>Receipt printer</translation>
        </message>
        <message>
            <source>QR scanner</source>
            <translation>QR scanner</translation>
        </message>
        <message>
            <source>Payment module</source>
            <translation>Payment module</translation>
        </message>
        <message>
            <source>IC card reader</source>
            <translation>IC card reader</translation>
        </message>
        <message>
            <source>Door and switch sensors</source>
            <translation>Door and switch sensors</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Offline</translation>
        </message>
        <message>
            <source>Powered off</source>
            <translation>Powered off</translation>
        </message>
        <message>
            <source>Not connected</source>
            <translation>Not connected</translation>
        </message>
        <message>
            <source>Hardware error</source>
            <translation>Hardware error</translation>
        </message>
        <message>
            <source>Needs attention</source>
            <translation>Needs attention</translation>
        </message>
        <message>
            <source>Busy</source>
            <translation>Busy</translation>
        </message>
        <message>
            <source>Paper</source>
            <translation>Paper</translation>
        </message>
        <message>
            <source>Cover</source>
            <translation>Cover</translation>
        </message>
        <message>
            <source>Scanner</source>
            <translation>Scanner</translation>
        </message>
        <message>
            <source>Card in slot</source>
            <translation>Card in slot</translation>
        </message>
        <message>
            <source>Chip</source>
            <translation>Chip</translation>
        </message>
        <message>
            <source>In a sale</source>
            <translation>In a sale</translation>
        </message>
        <message>
            <source>Door</source>
            <translation>Door</translation>
        </message>
        <message>
            <source>Key switch</source>
            <translation>Key switch</translation>
        </message>
        <message>
            <source>full</source>
            <translation>full</translation>
        </message>
        <message>
            <source>low</source>
            <translation>low</translation>
        </message>
        <message>
            <source>out</source>
            <translation>out</translation>
        </message>
        <message>
            <source>jammed</source>
            <translation>jammed</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>unknown</translation>
        </message>
        <message>
            <source>closed</source>
            <translation>closed</translation>
        </message>
        <message>
            <source>open</source>
            <translation>open</translation>
        </message>
        <message>
            <source>on</source>
            <translation>on</translation>
        </message>
        <message>
            <source>off</source>
            <translation>off</translation>
        </message>
        <message>
            <source>inoperative</source>
            <translation>inoperative</translation>
        </message>
        <message>
            <source>present</source>
            <translation>present</translation>
        </message>
        <message>
            <source>none</source>
            <translation>none</translation>
        </message>
        <message>
            <source>moving</source>
            <translation>moving</translation>
        </message>
        <message>
            <source>held</source>
            <translation>held</translation>
        </message>
        <message>
            <source>retained</source>
            <translation>retained</translation>
        </message>
        <message>
            <source>powered</source>
            <translation>powered</translation>
        </message>
        <message>
            <source>powered off</source>
            <translation>powered off</translation>
        </message>
        <message>
            <source>no card</source>
            <translation>no card</translation>
        </message>
        <message>
            <source>run</source>
            <translation>run</translation>
        </message>
        <message>
            <source>maintenance</source>
            <translation>maintenance</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>yes</translation>
        </message>
        <message>
            <source>no</source>
            <translation>no</translation>
        </message>
        <message>
            <source>{field}: {value}</source>
            <translation>{field}: {value}</translation>
        </message>
        <message>
            <source>receipts since refill {n}</source>
            <translation>receipts since refill {n}</translation>
        </message>
        <message>
            <source>a roll prints ~{n} receipts</source>
            <translation>a roll prints ~{n} receipts</translation>
        </message>
        <message>
            <source>lines since refill {n}</source>
            <translation>lines since refill {n}</translation>
        </message>
        <message>
            <source>paper ~{n} %</source>
            <translation>paper ~{n} %</translation>
        </message>
        <message>
            <source>transactions today {n}</source>
            <translation>transactions today {n}</translation>
        </message>
        <message>
            <source>All</source>
            <translation>All</translation>
        </message>
        <message>
            <source>Paid</source>
            <translation>Paid</translation>
        </message>
        <message>
            <source>Not paid</source>
            <translation>Not paid</translation>
        </message>
        <message>
            <source>Manual review</source>
            <translation>Manual review</translation>
        </message>
        <message>
            <source>Unfinished</source>
            <translation>Unfinished</translation>
        </message>
        <message>
            <source>draft</source>
            <translation>draft</translation>
        </message>
        <message>
            <source>started</source>
            <translation>started</translation>
        </message>
        <message>
            <source>awaiting result</source>
            <translation>awaiting result</translation>
        </message>
        <message>
            <source>paid</source>
            <translation>paid</translation>
        </message>
        <message>
            <source>posted</source>
            <translation>posted</translation>
        </message>
        <message>
            <source>completed</source>
            <translation>completed</translation>
        </message>
        <message>
            <source>declined</source>
            <translation>declined</translation>
        </message>
        <message>
            <source>reversed</source>
            <translation>reversed</translation>
        </message>
        <message>
            <source>refunded</source>
            <translation>refunded</translation>
        </message>
        <message>
            <source>manual review</source>
            <translation>manual review</translation>
        </message>
        <message>
            <source>paid, card not written</source>
            <translation>paid, card not written</translation>
        </message>
        <message>
            <source>written to card</source>
            <translation>written to card</translation>
        </message>
        <message>
            <source>WeChat code</source>
            <translation>WeChat code</translation>
        </message>
        <message>
            <source>Alipay code</source>
            <translation>Alipay code</translation>
        </message>
        <message>
            <source>WeChat QR</source>
            <translation>WeChat QR</translation>
        </message>
        <message>
            <source>Alipay QR</source>
            <translation>Alipay QR</translation>
        </message>
        <message>
            <source>Bank card</source>
            <translation>Bank card</translation>
        </message>
        <message>
            <source>bill</source>
            <translation>bill</translation>
        </message>
        <message>
            <source>top-up</source>
            <translation>top-up</translation>
        </message>
        <message>
            <source>card meter</source>
            <translation>card meter</translation>
        </message>
        <message>
            <source>missing in back office</source>
            <translation>missing in back office</translation>
        </message>
        <message>
            <source>missing in journal</source>
            <translation>missing in journal</translation>
        </message>
        <message>
            <source>amounts differ</source>
            <translation>amounts differ</translation>
        </message>
        <message>
            <source>states differ</source>
            <translation>states differ</translation>
        </message>
    </context>
    <context>
        <name>StaffBar</name>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Exit maintenance</source>
            <translation>Exit maintenance</translation>
        </message>
        <message>
            <source>Maintenance mode</source>
            <translation>Maintenance mode</translation>
        </message>
    </context>
    <context>
        <name>StaffConfigScreen</name>
        <message>
            <source>Configuration (read only)</source>
            <translation>Configuration (read only)</translation>
        </message>
    </context>
    <context>
        <name>StaffConfirmScreen</name>
        <message>
            <source>Yes</source>
            <translation>Yes</translation>
        </message>
        <message>
            <source>No</source>
            <translation>No</translation>
        </message>
    </context>
    <context>
        <name>StaffDashboardScreen</name>
        <message>
            <source>Terminal status</source>
            <translation>Terminal status</translation>
        </message>
        <message>
            <source>Devices</source>
            <translation>Devices</translation>
        </message>
        <message>
            <source>In service</source>
            <translation>In service</translation>
        </message>
        <message>
            <source>Out of service</source>
            <translation>Out of service</translation>
        </message>
        <message>
            <source>Today: {count} transactions, {amount} paid</source>
            <translation>Today: {count} transactions, {amount} paid</translation>
        </message>
        <message>
            <source>Manual review: {count}</source>
            <translation>Manual review: {count}</translation>
        </message>
        <message>
            <source>Events waiting to be sent: {count}</source>
            <translation>Events waiting to be sent: {count}</translation>
        </message>
    </context>
    <context>
        <name>StaffJournalScreen</name>
        <message>
            <source>Selected: {reference}, {amount}, {state}</source>
            <translation>Selected: {reference}, {amount}, {state}</translation>
        </message>
        <message>
            <source>What to do: {advice}</source>
            <translation>What to do: {advice}</translation>
        </message>
        <message>
            <source>Reprint the receipt</source>
            <translation>Reprint the receipt</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>Reference</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>Method</translation>
        </message>
        <message>
            <source>For</source>
            <translation>For</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Amount</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Account</translation>
        </message>
        <message>
            <source>Card</source>
            <translation>Card</translation>
        </message>
        <message>
            <source>Journal of {day}</source>
            <translation>Journal of {day}</translation>
        </message>
        <message>
            <source>Journal</source>
            <translation>Journal</translation>
        </message>
        <message>
            <source>{count} transactions · {amount} paid</source>
            <translation>{count} transactions · {amount} paid</translation>
        </message>
        <message>
            <source>No transactions for this filter.</source>
            <translation>No transactions for this filter.</translation>
        </message>
    </context>
    <context>
        <name>StaffLoginScreen</name>
        <message>
            <source>Log in</source>
            <translation>Log in</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Next</translation>
        </message>
        <message>
            <source>Staff login</source>
            <translation>Staff login</translation>
        </message>
        <message>
            <source>Enter your staff ID</source>
            <translation>Enter your staff ID</translation>
        </message>
        <message>
            <source>Staff ID</source>
            <translation>Staff ID</translation>
        </message>
        <message>
            <source>{who}: enter your PIN again to go on</source>
            <translation>{who}: enter your PIN again to go on</translation>
        </message>
        <message>
            <source>Card of {who}: enter your PIN</source>
            <translation>Card of {who}: enter your PIN</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>Staff ID {id}: enter your PIN</source>
            <translation>Staff ID {id}: enter your PIN</translation>
        </message>
    </context>
    <context>
        <name>StaffReconcileScreen</name>
        <message>
            <source>Totals by method</source>
            <translation>Totals by method</translation>
        </message>
        <message>
            <source>Transactions that differ</source>
            <translation>Transactions that differ</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>Method</translation>
        </message>
        <message>
            <source>Terminal (count)</source>
            <translation>Terminal (count)</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>Terminal</translation>
        </message>
        <message>
            <source>Back office (count)</source>
            <translation>Back office (count)</translation>
        </message>
        <message>
            <source>Back office</source>
            <translation>Back office</translation>
        </message>
        <message>
            <source>Match</source>
            <translation>Match</translation>
        </message>
        <message>
            <source>Order no.</source>
            <translation>Order no.</translation>
        </message>
        <message>
            <source>Difference</source>
            <translation>Difference</translation>
        </message>
        <message>
            <source>Day-end reconciliation {day}</source>
            <translation>Day-end reconciliation {day}</translation>
        </message>
        <message>
            <source>{count} differences</source>
            <translation>{count} differences</translation>
        </message>
        <message>
            <source>Balanced: both sides agree</source>
            <translation>Balanced: both sides agree</translation>
        </message>
        <message>
            <source>Print again</source>
            <translation>Print again</translation>
        </message>
        <message>
            <source>Print the report</source>
            <translation>Print the report</translation>
        </message>
        <message>
            <source>Send again</source>
            <translation>Send again</translation>
        </message>
        <message>
            <source>Sent to the back office: report {report_id}</source>
            <translation>Sent to the back office: report {report_id}</translation>
        </message>
        <message>
            <source>Send to back office</source>
            <translation>Send to back office</translation>
        </message>
        <message>
            <source>differs</source>
            <translation>differs</translation>
        </message>
        <message>
            <source>matches</source>
            <translation>matches</translation>
        </message>
    </context>
    <context>
        <name>StaffResultScreen</name>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>Passed</source>
            <translation>Passed</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Failed</translation>
        </message>
    </context>
    <context>
        <name>TakeCardScreen</name>
        <message>
            <source>Please take your card</source>
            <translation>Please take your card</translation>
        </message>
        <message>
            <source>Your bank card is coming out of the card slot.</source>
            <translation>Your bank card is coming out of the card slot.</translation>
        </message>
        <message>
            <source>Take your meter card out of the card reader.</source>
            <translation>Take your meter card out of the card reader.</translation>
        </message>
        <message>
            <source>Your card is still in the slot. Please take it now.</source>
            <translation>Your card is still in the slot. Please take it now.</translation>
        </message>
    </context>
    <context>
        <name>_DeviceCard</name>
        <message>
            <source>{state}, not offered</source>
            <translation>{state}, not offered</translation>
        </message>
        <message>
            <source>Last error: {error}{when}</source>
            <translation>Last error: {error}{when}</translation>
        </message>
    </context>
    <context>
        <name>VideoConsentScreen</name>
        <message>
            <source>Talk to a teller by video</source>
            <translation>Talk to a teller by video</translation>
        </message>
        <message>
            <source>• A teller of the service hall will see and hear you.</source>
            <translation>• A teller of the service hall will see and hear you.</translation>
        </message>
        <message>
            <source>• The teller may ask you to show your ID card or documents.</source>
            <translation>• The teller may ask you to show your ID card or documents.</translation>
        </message>
        <message>
            <source>• You can end the call at any time.</source>
            <translation>• You can end the call at any time.</translation>
        </message>
        <message>
            <source>The call is recorded. Recordings are kept for {days} days.</source>
            <translation>The call is recorded. Recordings are kept for {days} days.</translation>
        </message>
        <message>
            <source>I agree, start the call</source>
            <translation>I agree, start the call</translation>
        </message>
        <message>
            <source>No, thank you</source>
            <translation>No, thank you</translation>
        </message>
    </context>
    <context>
        <name>VideoWaitingScreen</name>
        <message>
            <source>Connecting you to a teller…</source>
            <translation>Connecting you to a teller…</translation>
        </message>
        <message>
            <source>Please stay in front of the screen. You can cancel at any time.</source>
            <translation>Please stay in front of the screen. You can cancel at any time.</translation>
        </message>
        <message>
            <source>You are next</source>
            <translation>You are next</translation>
        </message>
        <message>
            <source>Position {position} in the queue</source>
            <translation>Position {position} in the queue</translation>
        </message>
        <message>
            <source>About {minutes} min</source>
            <translation>About {minutes} min</translation>
        </message>
    </context>
    <context>
        <name>VideoCallScreen</name>
        <message>
            <source>Teller</source>
            <translation>Teller</translation>
        </message>
        <message>
            <source>Talking to {name}</source>
            <translation>Talking to {name}</translation>
        </message>
        <message>
            <source>The video has stopped. You can still talk to the teller (audio only).</source>
            <translation>The video has stopped. You can still talk to the teller (audio only).</translation>
        </message>
        <message>
            <source>Audio only</source>
            <translation>Audio only</translation>
        </message>
        <message>
            <source>Connecting the video…</source>
            <translation>Connecting the video…</translation>
        </message>
        <message>
            <source>Your camera</source>
            <translation>Your camera</translation>
        </message>
        <message>
            <source>End call</source>
            <translation>End call</translation>
        </message>
        <message>
            <source>Mute</source>
            <translation>Mute</translation>
        </message>
        <message>
            <source>Unmute</source>
            <translation>Unmute</translation>
        </message>
    </context>
    <context>
        <name>CallbackPhoneScreen</name>
        <message>
            <source>Call me back</source>
            <translation>Call me back</translation>
        </message>
        <message>
            <source>A teller will call you back</source>
            <translation>A teller will call you back</translation>
        </message>
        <message>
            <source>Enter your mobile number. Press Back if you do not want to be called.</source>
            <translation>Enter your mobile number. Press Back if you do not want to be called.</translation>
        </message>
        <message>
            <source>Mobile number</source>
            <translation>Mobile number</translation>
        </message>
    </context>
    <context>
        <name>Signature</name>
        <message>
            <source>Signature pad</source>
            <translation>Signature pad</translation>
        </message>
        <message>
            <source>Sign here with your finger</source>
            <translation>Sign here with your finger</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Clear</translation>
        </message>
        <message>
            <source>Clear the signature</source>
            <translation>Clear the signature</translation>
        </message>
    </context>
    <context>
        <name>CallStrip</name>
        <message>
            <source>Call time {time}</source>
            <translation>Call time {time}</translation>
        </message>
        <message>
            <source>End call</source>
            <translation>End call</translation>
        </message>
        <message>
            <source>End the video call</source>
            <translation>End the video call</translation>
        </message>
        <message>
            <source>In a call with {name}</source>
            <translation>In a call with {name}</translation>
        </message>
        <message>
            <source>Teller</source>
            <translation>Teller</translation>
        </message>
        <message>
            <source>The teller's video</source>
            <translation>The teller's video</translation>
        </message>
        <message>
            <source>{name} (audio only)</source>
            <translation>{name} (audio only)</translation>
        </message>
    </context>
    <context>
        <name>DocumentPhotoScreen</name>
        <message>
            <source>Decline</source>
            <translation>Decline</translation>
        </message>
        <message>
            <source>Hold your {document} to the camera</source>
            <translation>Hold your {document} to the camera</translation>
        </message>
        <message>
            <source>Is the photo clear?</source>
            <translation>Is the photo clear?</translation>
        </message>
        <message>
            <source>Keep it inside the frame, flat and still, then press Take photo.</source>
            <translation>Keep it inside the frame, flat and still, then press Take photo.</translation>
        </message>
        <message>
            <source>Press Send to give it to the teller, or Retake to take it again.</source>
            <translation>Press Send to give it to the teller, or Retake to take it again.</translation>
        </message>
        <message>
            <source>Retake</source>
            <translation>Retake</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Send</translation>
        </message>
        <message>
            <source>Take photo</source>
            <translation>Take photo</translation>
        </message>
        <message>
            <source>The camera has no picture yet. Please wait a moment and try again.</source>
            <translation>The camera has no picture yet. Please wait a moment and try again.</translation>
        </message>
        <message>
            <source>The photo taken</source>
            <translation>The photo taken</translation>
        </message>
        <message>
            <source>Your camera</source>
            <translation>Your camera</translation>
        </message>
    </context>
    <context>
        <name>TellerAccountScreen</name>
        <message>
            <source>Back to the call</source>
            <translation>Back to the call</translation>
        </message>
        <message>
            <source>The teller sees this summary too.</source>
            <translation>The teller sees this summary too.</translation>
        </message>
    </context>
    <context>
        <name>TellerFormScreen</name>
        <message>
            <source>Change {field}</source>
            <translation>Change {field}</translation>
        </message>
        <message>
            <source>Decline</source>
            <translation>Decline</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>Sign below with your finger</source>
            <translation>Sign below with your finger</translation>
        </message>
        <message>
            <source>Submit</source>
            <translation>Submit</translation>
        </message>
        <message>
            <source>Submit the signed form to the teller</source>
            <translation>Submit the signed form to the teller</translation>
        </message>
        <message>
            <source>Tap to correct it</source>
            <translation>Tap to correct it</translation>
        </message>
        <message>
            <source>To change it, tell the teller</source>
            <translation>To change it, tell the teller</translation>
        </message>
        <message>
            <source>Type the new value</source>
            <translation>Type the new value</translation>
        </message>
    </context>
    <context>
        <name>TellerRequestScreen</name>
        <message>
            <source>Allow</source>
            <translation>Allow</translation>
        </message>
        <message>
            <source>Allow the teller's request</source>
            <translation>Allow the teller's request</translation>
        </message>
        <message>
            <source>Decline</source>
            <translation>Decline</translation>
        </message>
        <message>
            <source>Decline the teller's request</source>
            <translation>Decline the teller's request</translation>
        </message>
        <message>
            <source>Nothing happens unless you allow it. You can decline and keep talking.</source>
            <translation>Nothing happens unless you allow it. You can decline and keep talking.</translation>
        </message>
        <message>
            <source>The teller asks to:</source>
            <translation>The teller asks to:</translation>
        </message>
        <message>
            <source>{name} asks to:</source>
            <translation>{name} asks to:</translation>
        </message>
    </context>
    <context>
        <name>TellerText</name>
        <message>
            <source>Account number</source>
            <translation>Account number</translation>
        </message>
        <message>
            <source>Change of contact phone</source>
            <translation>Change of contact phone</translation>
        </message>
        <message>
            <source>Contact name</source>
            <translation>Contact name</translation>
        </message>
        <message>
            <source>ID card</source>
            <translation>ID card</translation>
        </message>
        <message>
            <source>New contact phone</source>
            <translation>New contact phone</translation>
        </message>
        <message>
            <source>buying electricity</source>
            <translation>buying electricity</translation>
        </message>
        <message>
            <source>end the call and continue with {service}</source>
            <translation>end the call and continue with {service}</translation>
        </message>
        <message>
            <source>have you fill in and sign “{form}”</source>
            <translation>have you fill in and sign “{form}”</translation>
        </message>
        <message>
            <source>household register</source>
            <translation>household register</translation>
        </message>
        <message>
            <source>open your account summary</source>
            <translation>open your account summary</translation>
        </message>
        <message>
            <source>other document</source>
            <translation>other document</translation>
        </message>
        <message>
            <source>paying your electricity bill</source>
            <translation>paying your electricity bill</translation>
        </message>
        <message>
            <source>print “{title}” for you</source>
            <translation>print “{title}” for you</translation>
        </message>
        <message>
            <source>property ownership certificate</source>
            <translation>property ownership certificate</translation>
        </message>
        <message>
            <source>reprinting a receipt</source>
            <translation>reprinting a receipt</translation>
        </message>
        <message>
            <source>take a photo of your {document} with the camera</source>
            <translation>take a photo of your {document} with the camera</translation>
        </message>
    </context>
</TS>
