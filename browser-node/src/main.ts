console.log('stark')
