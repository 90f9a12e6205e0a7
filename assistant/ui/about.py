import streamlit as st
st.title('About')
st.info('Coming soon.')
