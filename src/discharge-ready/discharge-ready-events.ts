/** An unanswered notification's payment starts soon (payload: PaymentAlert). */
export const PAYMENT_ALERT = 'discharge_ready.payment_alert';
