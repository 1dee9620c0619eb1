// Pizza Napoli's bot in the TypeScript DSL: the same scenario as ../pizza-shop/*.yaml.
// Transitions are type-checked: a button to a step that does not exist is a compile error.
import { toMainMenu } from './shared.ts';
import { scenario, cart, catalog, condition, delay, form, handoff, message, operation, order, question, randomizer, button, link, variant, when } from 'botform';

export default scenario({
  start: 'welcome',
  entries: ['promo_entry'],
  steps: {
    welcome: message({
      text: `Hi! I am the Pizza Napoli bot 🍕
I can show you today's menu, take your order and tell you where it is.`,
      next: 'ab_greeting',
    }),

    ab_greeting: randomizer({
      description: 'A/B test of two greetings; compare order rates after a week.',
      variants: [
        variant(50, 'main_menu'),
        variant(50, 'main_menu_promo'),
      ],
    }),

    main_menu: message({
      text: 'What would you like to do?',
      menu: [
        button('🍕 Order food', 'catalog'),
        button('🛒 My cart', 'cart'),
        button('📦 Where is my order?', 'ask_order_number'),
        button('🎉 Catering for an event', 'catering_intro'),
        button('☎️ Talk to us', 'support_menu'),
        link('🌐 Website', 'https://pizza-napoli.example.com'),
      ],
    }),

    main_menu_promo: message({
      text: 'Today only: a free garlic bread with every large pizza!',
      next: 'main_menu',
    }),

    catalog: message({
      text: 'What are you in the mood for?',
      menu: [
        button('Pizza', 'catalog_pizza'),
        button('Drinks', 'catalog_drinks'),
        button('Desserts', 'catalog_desserts'),
        toMainMenu,
      ],
    }),

    cart: cart({
      text: 'Here is your cart.',
      checkout_text: 'Checkout',
      menu: [
        button('Add more', 'catalog'),
        toMainMenu,
      ],
      next: 'cart_check',
    }),

    ask_order_number: question({
      text: 'What is your order number? It starts with A-, e.g. A-1001.',
      save_as: 'order_id',
      next: 'order_lookup',
    }),

    catering_intro: message({
      text: 'We cater for parties of 10 to 200 people. Tell us about your event!',
      menu: [
        button('Request an offer', 'catering_form'),
        toMainMenu,
      ],
    }),

    support_menu: message({
      text: 'How can we help?',
      menu: [
        button('Opening hours', 'opening_hours'),
        button('Allergens', 'allergens'),
        button('Call me back', 'callback_form'),
        button('Talk to a person', 'talk_to_person'),
        toMainMenu,
      ],
    }),

    talk_to_person: handoff({
      text: 'One moment, I am calling a colleague from our team.',
      queue: 'support',
      no_operator: 'callback_form',
      next: 'support_menu',
    }),

    catalog_pizza: catalog({
      text: 'Our pizzas, baked in a wood-fired oven.',
      category: 'pizza',
      menu: [
        button('🛒 Go to cart', 'cart'),
        button('⬅️ Back', 'catalog'),
      ],
    }),

    catalog_drinks: catalog({
      text: 'Something to drink?',
      category: 'drinks',
      menu: [
        button('🛒 Go to cart', 'cart'),
        button('⬅️ Back', 'catalog'),
      ],
    }),

    catalog_desserts: catalog({
      text: 'Leave room for dessert!',
      category: 'desserts',
      menu: [
        button('🛒 Go to cart', 'cart'),
        button('⬅️ Back', 'catalog'),
      ],
    }),

    cart_check: condition({
      branches: [
        when('cart.total == 0', 'cart_empty'),
        when('cart.total < 15', 'cart_minimum'),
      ],
      else: 'delivery_choice',
    }),

    order_lookup: operation({
      api: {
        errors: [
          {
            code: 'ERR002',
            example: {
              status: 'error',
              status_code: 'ERR002',
            },
            message: 'Order not found',
            status: 404,
          },
        ],
        headers: {
          Authorization: 'Bearer ${secret:KITCHEN_API_TOKEN}',
        },
        method: 'GET',
        name: 'Order status',
        request: {
          example: {
            order_id: 'A-1001',
          },
          required: {
            order_id: 'string',
          },
        },
        response: {
          example: {
            eta_minutes: 12,
            status: 'baking',
          },
          optional: {
            eta_minutes: 'integer',
          },
          required: {
            status: {
              enum: [
                'accepted',
                'baking',
                'on_the_way',
                'delivered',
              ],
              type: 'string',
            },
          },
        },
        url: 'https://kitchen.pizza-napoli.example.com/v1/orders/{order_id}',
      },
      save_as: 'order',
      next: 'order_status_route',
      on_error: 'order_not_found',
    }),

    catering_form: form({
      text: 'Fix your request and our events team will send you an offer.',
      fields: [
        {
          label: 'Your name',
          name: 'name',
        },
        {
          kind: 'email',
          label: 'E-mail',
          name: 'email',
        },
        {
          kind: 'number',
          label: 'Number of guests',
          name: 'guests',
        },
        {
          kind: 'date',
          label: 'Date of the event',
          name: 'date',
        },
      ],
      success_text: 'Request received!',
      next: 'catering_thanks',
      on_error: 'support_menu',
    }),

    opening_hours: message({
      text: `We are open every day:
Mon–Fri 11:00–23:00
Sat–Sun 12:00–00:00`,
      menu: [
        button('⬅️ Back', 'support_menu'),
        toMainMenu,
      ],
    }),

    allergens: message({
      text: 'All allergens are listed on our website, dish by dish.',
      menu: [
        link('Open the list', 'https://pizza-napoli.example.com/allergens'),
        button('⬅️ Back', 'support_menu'),
      ],
    }),

    callback_form: form({
      text: 'Leave your number and we will call you back within the hour.',
      fields: [
        {
          label: 'Your name',
          name: 'name',
        },
        {
          kind: 'phone',
          label: 'Phone number',
          name: 'phone',
        },
        {
          label: 'What is it about?',
          name: 'topic',
          required: false,
        },
      ],
      success_text: 'Thank you, we\'ll call you soon.',
      next: 'callback_thanks',
    }),

    cart_empty: message({
      text: 'Your cart is empty. Let\'s find you something tasty.',
      menu: [
        button('Show the menu', 'catalog'),
        button('Main menu', 'main_menu'),
      ],
    }),

    cart_minimum: message({
      text: 'Delivery starts at €15. Add a drink or a dessert?',
      menu: [
        button('Add more', 'catalog'),
        button('I\'ll pick it up', 'order_pickup'),
      ],
    }),

    delivery_choice: message({
      text: 'Delivery or pick-up?',
      menu: [
        button('🛵 Delivery', 'order_delivery'),
        button('🏃 Pick-up', 'order_pickup'),
      ],
    }),

    order_status_route: condition({
      branches: [
        when('order.status == "delivered"', 'order_delivered'),
      ],
      else: 'order_status',
    }),

    order_not_found: message({
      text: 'I couldn\'t find that order. Check the number and try again.',
      menu: [
        button('Try again', 'ask_order_number'),
        toMainMenu,
      ],
    }),

    catering_thanks: message({
      text: 'Thank you! Expect an offer within one working day.',
      menu: [
        toMainMenu,
      ],
    }),

    callback_thanks: message({
      text: 'Anything else?',
      menu: [
        toMainMenu,
        button('No, thanks', 'goodbye'),
      ],
    }),

    order_pickup: order({
      text: 'Who is picking it up?',
      fields: [
        {
          label: 'Your name',
          name: 'name',
        },
        {
          kind: 'phone',
          label: 'Phone number',
          name: 'phone',
        },
      ],
      payment: 'cash',
      success_text: 'Thank you! We\'ll text you when it\'s ready.',
      next: 'order_sync',
      on_error: 'order_failed',
    }),

    order_delivery: order({
      text: 'Where should we bring it?',
      fields: [
        {
          label: 'Your name',
          name: 'name',
        },
        {
          kind: 'phone',
          label: 'Phone number',
          name: 'phone',
        },
        {
          label: 'Delivery address',
          name: 'address',
        },
      ],
      payment: 'card',
      success_text: 'Thank you! Your order is in the oven.',
      next: 'order_sync',
      on_error: 'order_failed',
    }),

    order_delivered: message({
      text: 'Your order was delivered. Enjoy your meal!',
      menu: [
        button('Rate us', 'feedback'),
        toMainMenu,
      ],
    }),

    order_status: message({
      text: 'Your order is {{order.status}}. ETA: {{order.eta_minutes}} minutes.',
      menu: [
        button('Check again', 'order_wait'),
        toMainMenu,
      ],
    }),

    goodbye: message({
      text: 'Thank you for visiting Pizza Napoli. Buon appetito! 👋',
      end: true,
    }),

    order_sync: operation({
      description: 'Pushes the new order to the kitchen display system.',
      api: {
        auth: {
          secret: 'KITCHEN_API_TOKEN',
          steps: 'Ask the kitchen team for a token in the admin panel (Settings → API). Tokens do not expire.',
          type: 'bearer',
        },
        contact: 'kitchen-it@pizza-napoli.example.com',
        errors: [
          {
            code: 'ERR001',
            example: {
              message: 'Request Failed',
              status: 'error',
              status_code: 'ERR001',
            },
            message: 'Request failed',
            status: 400,
          },
          {
            message: 'Kitchen system unavailable',
            status: 503,
          },
        ],
        headers: {
          Authorization: 'Bearer ${secret:KITCHEN_API_TOKEN}',
          'Content-Type': 'application/json',
        },
        method: 'POST',
        name: 'Kitchen order intake',
        request: {
          example: {
            items: [
              {
                qty: 1,
                sku: 'margherita-l',
              },
            ],
            order_id: 'A-1001',
          },
          optional: {
            comment: 'string',
          },
          required: {
            items: 'array',
            order_id: 'string',
          },
        },
        response: {
          example: {
            eta_minutes: 35,
            status: 'accepted',
          },
          required: {
            eta_minutes: 'integer',
            status: 'string',
          },
        },
        staging_url: 'https://staging.kitchen.pizza-napoli.example.com/v1/orders',
        test_data: {
          order_id: 'TEST-0001',
        },
        timeout_ms: 5000,
        url: 'https://kitchen.pizza-napoli.example.com/v1/orders',
      },
      save_as: 'kitchen',
      next: 'order_confirmed',
      on_error: 'order_failed',
    }),

    order_failed: message({
      text: `Sorry, something went wrong while placing your order.
Please try again, or call us at +39 081 000 0000.`,
      menu: [
        button('Try again', 'cart'),
        button('Talk to us', 'support_menu'),
      ],
    }),

    feedback: question({
      text: 'How would you rate your pizza, from 1 to 5?',
      save_as: 'rating',
      expect: 'number',
      next: 'feedback_route',
    }),

    order_wait: delay({
      text: 'I\'ll check again in a minute…',
      seconds: 60,
      next: 'order_lookup',
    }),

    order_confirmed: message({
      text: 'Your order is confirmed. It will be ready in about {{kitchen.eta_minutes}} minutes.',
      menu: [
        button('📦 Track my order', 'ask_order_number'),
        toMainMenu,
      ],
    }),

    feedback_route: condition({
      branches: [
        when('rating >= 4', 'feedback_happy'),
      ],
      else: 'feedback_sorry',
    }),

    feedback_happy: message({
      text: 'Grazie! 😊 See you next time.',
      menu: [
        toMainMenu,
        button('Bye', 'goodbye'),
      ],
    }),

    feedback_sorry: message({
      text: 'We\'re sorry. A manager will get in touch to make it right.',
      next: 'goodbye',
    }),

    promo_entry: condition({
      description: 'Users who arrive from the newsletter link.',
      branches: [
        when('user.is_subscriber == true', 'promo_subscriber'),
      ],
      else: 'promo_guest',
    }),

    promo_subscriber: message({
      text: 'Welcome back! Your subscriber code PIZZA10 gives 10% off today.',
      menu: [
        button('Order now', 'catalog'),
        button('Main menu', 'main_menu'),
      ],
    }),

    promo_guest: question({
      text: 'Leave your e-mail and we will send you a 10% discount code.',
      save_as: 'email',
      expect: 'email',
      retry_text: 'That does not look like an e-mail address. Try again?',
      next: 'promo_thanks',
    }),

    promo_thanks: message({
      text: 'Thank you! The code is on its way to your inbox.',
      menu: [
        button('Order now', 'catalog'),
        button('Main menu', 'main_menu'),
      ],
    }),
  },
});
